import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SandboxSource } from '../contract';
import { parseManifest } from './parse-manifest';

/** Where the catalog reads sandboxes from. */
export interface CatalogOptions {
  /** The `sandboxes/` folder; defaults to `<cwd>/sandboxes` (Astro and npm scripts run there). */
  readonly root?: string;
}

/** Files in a sandbox folder that are not sandbox files (editor and OS litter). */
const ignored = /^(\.|sandbox\.json$|tsconfig\.json$|README\.md$)/;

/** The `sandboxes/` folder the catalog reads. */
export function sandboxesRoot(options: CatalogOptions = {}): string {
  return resolve(options.root ?? join(process.cwd(), 'sandboxes'));
}

/**
 * Reads and validates `sandboxes/<id>/sandbox.json` and the sandbox's files. Throws an Error
 * naming the file and the reason for a missing folder, bad JSON or an invalid manifest.
 *
 * @example
 * const { manifest, files } = loadSandbox('registration');
 */
export function loadSandbox(id: string, options: CatalogOptions = {}): SandboxSource {
  const folder = join(sandboxesRoot(options), id);
  const manifestPath = join(folder, 'sandbox.json');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) {
    throw new Error(`${folder}: a sandbox id must be lower-case letters, digits and dashes`);
  }
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new Error(`${folder}: no such sandbox folder (sandbox "${id}")`);
  }
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath}: file is missing`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new Error(`${manifestPath}: not valid JSON (${(error as Error).message})`);
  }
  const names = readdirSync(folder)
    .filter((name) => !ignored.test(name) && statSync(join(folder, name)).isFile())
    .sort();
  const manifest = parseManifest(json, { folder: id, path: manifestPath, files: names });
  const files: Record<string, string> = {};
  for (const name of names) files[name] = readFileSync(join(folder, name), 'utf8');
  return { manifest, files };
}
