import type { FaultAmounts } from '../runtime/run-option-limits';
import { copyFiles, diffFiles, type FileMap } from './code-store';
import { encodeSharedCode, SharedCodeTooLarge, type SharedCode } from './share-code';

/** What Share produced: the link (empty when refused) and the sentence the notice shows. */
export interface ShareOutcome {
  readonly url: string;
  readonly notice: string;
}

/**
 * Makes the link that opens this sandbox with the reader's changed files (and seed and faults), copies it
 * to the clipboard when allowed, and words the notice. A link the decoder would refuse (over
 * `shareLimits`) is not made at all: the notice says why instead.
 *
 * @example
 * const { url, notice } = await makeShareLink({ sandboxId: 'ecommerce', original, files, seed: 7, pageUrl: location.href });
 */
export async function makeShareLink(options: {
  readonly sandboxId: string;
  readonly original: FileMap;
  readonly files: FileMap;
  readonly seed: number | undefined;
  /** The faults for the next Run; carried only when one is on. */
  readonly faults?: FaultAmounts | undefined;
  readonly pageUrl: string;
}): Promise<ShareOutcome> {
  const changed = diffFiles(options.original, options.files);
  const base = options.pageUrl.split('#')[0] ?? options.pageUrl;
  const seed = options.seed;
  const faults = options.faults && anyFaultOn(options.faults) ? options.faults : undefined;
  let hash: string;
  try {
    hash = await encodeSharedCode({
      id: options.sandboxId,
      files: changed,
      ...(seed === undefined ? {} : { seed }),
      ...(faults ? { faults } : {}),
    });
  } catch (error) {
    if (!(error instanceof SharedCodeTooLarge)) throw error;
    return { url: '', notice: error.message };
  }
  const url = `${base}#${hash}`;
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    // No clipboard permission (or an insecure origin): the link is still shown to copy.
  }
  const edits = Object.keys(changed).length;
  const code = edits === 0 ? 'the original code' : `your changes to ${plural(edits, 'file')}`;
  const what = faults ? `${code} and the faults you switched on` : code;
  return {
    url,
    notice: copied ? `Link copied, with ${what}:` : `Copy this link, with ${what}:`,
  };
}

/** The sandbox's files with a link's files over them; names the sandbox lacks are ignored. */
export function filesFromLink(original: FileMap, code: SharedCode): Record<string, string> {
  const files = copyFiles(original);
  for (const [name, text] of Object.entries(code.files)) {
    // Own keys only: the link may name files this sandbox does not have.
    if (Object.hasOwn(files, name)) files[name] = text;
  }
  return files;
}

/** What the notice says on opening a link: whether the reader's own saved edits are kept. */
export function openedLinkNotice(hasSavedEdits: boolean): string {
  return hasSavedEdits
    ? 'You opened a shared link: this is its code. Your own saved edits stay untouched until you edit.'
    : 'You opened a shared link: this is its code.';
}

function anyFaultOn(faults: FaultAmounts): boolean {
  return Object.values(faults).some((amount) => amount > 0);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
