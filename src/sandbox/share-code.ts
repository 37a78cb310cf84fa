import { checkFaultAmounts, checkSeed, type FaultAmounts } from '../runtime/run-option-limits';
import { checkFileName } from '../runtime/sandbox-file-name';
import type { FileMap } from './code-store';

/** What a `#code=` link carries: which sandbox, and the files that differ from its original. */
export interface SharedCode {
  readonly id: string;
  readonly files: FileMap;
  /** The seed the sender ran with, so the receiver sees the same run. */
  readonly seed?: number;
  /** The faults the sender had on (amounts as the broker gets them), for the same reason. */
  readonly faults?: FaultAmounts;
}

/**
 * What opening a location hash gives: nothing to open, shared code, or a link that was refused
 * with a sentence the reader sees (links come from strangers; refusing is not an error of ours).
 */
export type SharedLink =
  | { readonly kind: 'none' }
  | { readonly kind: 'code'; readonly code: SharedCode }
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * Limits of a share link. Real sandboxes are 1–6 KB of code in at most 5 files; a reader's
 * edits rarely grow that tenfold. 1 MB of JSON leaves a margin of more than 150× over the
 * largest sandbox and is still decoded in milliseconds.
 */
export const shareLimits = {
  /** Inflated JSON, in bytes: the decoder stops reading as soon as it has more. */
  jsonBytes: 1024 * 1024,
  /**
   * The `#code=` text, checked before any decoding. Code deflates 3–6×, so 1 MB of JSON needs
   * at most ~350 KB of base64url; 512 K characters is past that and under browsers' URL limits.
   */
  fragmentChars: 512 * 1024,
  /** Files in one link (sandboxes have at most 5). */
  files: 32,
} as const;

const HASH_KEY = 'code=';
const sandboxId = /^[a-z0-9][a-z0-9-]{0,63}$/;
// Each read of the inflater gets this much deflated input. Deflate expands at most ~1032×, so
// one step yields at most ~1 MB and the limit is noticed before a bomb can fill memory.
const INPUT_CHUNK = 1024;

/** Thrown by {@link encodeSharedCode} when the code is too large for a link to open. */
export class SharedCodeTooLarge extends Error {
  constructor() {
    super(
      `This code is larger than ${megabytes(shareLimits.jsonBytes)} and cannot be shared as a link.`,
    );
    this.name = 'SharedCodeTooLarge';
  }
}

/**
 * Packs shared code into the `#code=` fragment: JSON, deflate-raw, base64url. Throws
 * {@link SharedCodeTooLarge} for code that {@link decodeSharedCode} would refuse.
 * @example location.hash = await encodeSharedCode({ id: 'registration', files });
 */
export async function encodeSharedCode(code: SharedCode): Promise<string> {
  const json = new TextEncoder().encode(
    JSON.stringify({ v: 1, id: code.id, files: code.files, seed: code.seed, faults: code.faults }),
  );
  if (json.byteLength > shareLimits.jsonBytes) throw new SharedCodeTooLarge();
  const deflated = await pipeBytes(json, new CompressionStream('deflate-raw'));
  const hash = HASH_KEY + toBase64Url(deflated);
  if (hash.length - HASH_KEY.length > shareLimits.fragmentChars) throw new SharedCodeTooLarge();
  return hash;
}

/**
 * Reads a location hash made by {@link encodeSharedCode}. The link's length is checked before
 * decoding, the inflated size while inflating (stopping at once past the limit), then the
 * JSON's shape: sandbox id, file names (one rule for every way files arrive), string contents.
 * @example const link = await decodeSharedCode(location.hash); if (link.kind === 'code') …
 */
export async function decodeSharedCode(hash: string): Promise<SharedLink> {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!fragment.startsWith(HASH_KEY)) return { kind: 'none' };
  const text = fragment.slice(HASH_KEY.length);
  const tooLarge = {
    kind: 'refused',
    reason: `This link's code is larger than ${megabytes(shareLimits.jsonBytes)} and was not opened.`,
  } as const;
  if (text.length > shareLimits.fragmentChars) return tooLarge;
  let json: string;
  try {
    const inflated = await inflateAtMost(fromBase64Url(text), shareLimits.jsonBytes);
    if (!inflated) return tooLarge;
    json = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return refused('it is damaged or cut short');
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return refused('it is damaged or cut short');
  }
  return checkShape(data);
}

function checkShape(data: unknown): SharedLink {
  if (!isPlainObject(data) || data['v'] !== 1) return refused('it is not a share link we know');
  const id = data['id'];
  if (typeof id !== 'string' || !sandboxId.test(id)) return refused('its sandbox name is invalid');
  const raw = data['files'];
  if (!isPlainObject(raw)) return refused('it holds no files');
  const entries = Object.entries(raw);
  if (entries.length > shareLimits.files) {
    return refused(`it holds more than ${shareLimits.files} files`);
  }
  // A map with no prototype: a name can only ever be one of its own keys.
  const files = Object.create(null) as Record<string, string>;
  for (const [name, content] of entries) {
    const checked = checkFileName(name);
    if (!checked.ok) return refused(checked.message.replace(/\.$/, ''));
    if (typeof content !== 'string') return refused(`the file ${JSON.stringify(name)} is not text`);
    files[name] = content;
  }
  const seed = data['seed'];
  const checkedSeed =
    seed === undefined
      ? undefined
      : typeof seed === 'number'
        ? checkSeed(seed)
        : ({ ok: false } as const);
  if (checkedSeed && !checkedSeed.ok) return refused('its seed is invalid');
  // Every fault field present, a number and in the panel's range, or the link is refused.
  const faults = data['faults'] === undefined ? undefined : checkFaultAmounts(data['faults']);
  if (faults && !faults.ok) return refused('its fault settings are invalid');
  return {
    kind: 'code',
    code: {
      id,
      files,
      ...(checkedSeed ? { seed: checkedSeed.value } : {}),
      ...(faults ? { faults: faults.value } : {}),
    },
  };
}

function refused(why: string): SharedLink {
  return { kind: 'refused', reason: `This link's code could not be opened: ${why}.` };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Inflates deflate-raw bytes, feeding the inflater small pieces and reading its output chunk by
 * chunk; returns undefined (and cancels) as soon as more than `limit` bytes came out, so a
 * "zip bomb" costs at most about `limit` plus one step, never its inflated size.
 */
async function inflateAtMost(
  bytes: Uint8Array<ArrayBuffer>,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  let offset = 0;
  const input = new ReadableStream<Uint8Array<ArrayBuffer>>(
    {
      pull(controller) {
        if (offset >= bytes.byteLength) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(offset, offset + INPUT_CHUNK));
        offset += INPUT_CHUNK;
      },
    },
    // Pull only when the inflater wants more, so unread output holds the input back.
    { highWaterMark: 0 },
  );
  const reader = input.pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

async function pipeBytes(
  bytes: Uint8Array<ArrayBuffer>,
  transform: CompressionStream | DecompressionStream,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function megabytes(bytes: number): string {
  return `${bytes / (1024 * 1024)} MB`;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // Chunked so long files do not overflow the argument limit of String.fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
