import type { FileMap } from './code-store';

/** What a `#code=` link carries: which sandbox, and the files that differ from its original. */
export interface SharedCode {
  readonly id: string;
  readonly files: FileMap;
}

const HASH_KEY = 'code=';

/**
 * Packs shared code into the `#code=` fragment: JSON, deflate-raw, base64url.
 * @example location.hash = await encodeSharedCode({ id: 'registration', files });
 */
export async function encodeSharedCode(code: SharedCode): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify({ v: 1, id: code.id, files: code.files }));
  const deflated = await pipeBytes(json, new CompressionStream('deflate-raw'));
  return HASH_KEY + toBase64Url(deflated);
}

/**
 * Unpacks a location hash made by {@link encodeSharedCode}; undefined when the hash holds
 * no shared code or it cannot be read (a truncated link must not break the page).
 */
export async function decodeSharedCode(hash: string): Promise<SharedCode | undefined> {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!fragment.startsWith(HASH_KEY)) return undefined;
  try {
    const bytes = fromBase64Url(fragment.slice(HASH_KEY.length));
    const inflated = await pipeBytes(bytes, new DecompressionStream('deflate-raw'));
    const data = JSON.parse(new TextDecoder().decode(inflated)) as {
      v?: unknown;
      id?: unknown;
      files?: unknown;
    };
    if (data.v !== 1 || typeof data.id !== 'string' || !isFileMap(data.files)) return undefined;
    return { id: data.id, files: data.files };
  } catch {
    return undefined;
  }
}

function isFileMap(value: unknown): value is FileMap {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((text) => typeof text === 'string')
  );
}

async function pipeBytes(
  bytes: Uint8Array<ArrayBuffer>,
  transform: CompressionStream | DecompressionStream,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
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
