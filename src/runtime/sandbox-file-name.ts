import type { Checked } from './run-option-limits';

/**
 * What a sandbox file may be called. One rule for every way a name reaches a sandbox: the
 * catalog (sandbox folders), share links and saved edits (both from strangers or from a
 * storage anyone on the machine can edit). Names end up as keys of file maps, as paths in
 * Node mode's WebContainer and in console `file:line` links, so the rule is deliberately
 * narrow. Dependency-free: the browser island imports it statically.
 */

/** Extensions sandboxes use: every service is TypeScript (see sandboxes/README.md). */
export const SANDBOX_FILE_EXTENSIONS: readonly string[] = ['.ts'];

/** Longest accepted name; the longest real one is 24 characters. */
export const FILE_NAME_MAX = 64;

// Letters, digits, dash, underscore and dots: no path separators, spaces or control characters.
const allowed = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * A file name, or why it is refused: wrong characters, too long, not one of
 * {@link SANDBOX_FILE_EXTENSIONS}, or (with or without its extension) a name every plain object
 * already has — `__proto__`, `constructor`, `toString`… — which `name in files` mistakes for a
 * file and `files[name] = text` can turn into a prototype write.
 * @example checkFileName('email-service.ts') // { ok: true, value: 'email-service.ts' }
 */
export function checkFileName(name: unknown): Checked<string> {
  if (typeof name !== 'string' || name === '')
    return refuse('A file name must be a non-empty text.');
  const shown = JSON.stringify(
    name.length > FILE_NAME_MAX ? `${name.slice(0, FILE_NAME_MAX)}…` : name,
  );
  if (name.length > FILE_NAME_MAX) {
    return refuse(`The file name ${shown} is longer than ${FILE_NAME_MAX} characters.`);
  }
  if (!allowed.test(name) || name.includes('..')) {
    return refuse(
      `The file name ${shown} may use only letters, digits, "-", "_" and single dots, starting with a letter or digit.`,
    );
  }
  const extension = SANDBOX_FILE_EXTENSIONS.find(
    (ext) => name.endsWith(ext) && name.length > ext.length,
  );
  if (!extension) {
    return refuse(`The file name ${shown} must end with ${SANDBOX_FILE_EXTENSIONS.join(' or ')}.`);
  }
  const stem = name.slice(0, -extension.length);
  if (isPrototypeName(name) || isPrototypeName(stem)) {
    return refuse(`The file name ${shown} is reserved.`);
  }
  return { ok: true, value: name };
}

/** True when {@link checkFileName} accepts the name. */
export function isSandboxFileName(name: unknown): name is string {
  return checkFileName(name).ok;
}

function isPrototypeName(name: string): boolean {
  return name === '__proto__' || name === 'prototype' || name in Object.prototype;
}

function refuse(message: string): { readonly ok: false; readonly message: string } {
  return { ok: false, message };
}
