/**
 * The two murmur2 variants kafkajs ships. Keys are hashed over their UTF-8 bytes, as kafkajs
 * does with `Buffer.from(String(key))`.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** UTF-8 bytes of a key; ASCII keys (the common case) skip the encoder. */
export function keyBytes(key: string | Uint8Array): Uint8Array {
  if (typeof key !== 'string') return key;
  const length = key.length;
  let ascii = true;
  for (let i = 0; i < length; i++) {
    if (key.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (!ascii) return encoder.encode(key);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = key.charCodeAt(i);
  return bytes;
}

const encoder = new TextEncoder();

/**
 * Java-compatible murmur2 (Kafka's `Utils.murmur2`), as kafkajs's DefaultPartitioner uses it.
 * kafkajs computes it with 64-bit Longs and keeps the low 32 bits; 32-bit `Math.imul` gives
 * the same low bits, so the result matches bit for bit.
 *
 * @example
 * toPositive(murmur2('order-42')) % 3; // the partition Java and kafkajs pick
 */
export function murmur2(key: string | Uint8Array): number {
  if (typeof key === 'string' && isAscii(key)) return murmur2Ascii(key);
  const data = keyBytes(key);
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k =
      (data[i4] ?? 0) |
      ((data[i4 + 1] ?? 0) << 8) |
      ((data[i4 + 2] ?? 0) << 16) |
      ((data[i4 + 3] ?? 0) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & ~3;
  const rest = length % 4;
  if (rest === 3) h ^= (data[tail + 2] ?? 0) << 16;
  if (rest >= 2) h ^= (data[tail + 1] ?? 0) << 8;
  if (rest >= 1) h = Math.imul(h ^ (data[tail] ?? 0), M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}

/**
 * kafkajs 1.x's murmur2 (LegacyPartitioner). It multiplies in floating point, so it is NOT
 * Java-compatible; it is reproduced operation for operation (including reading one word past
 * the end when the length is not a multiple of 4) so legacy keys land where kafkajs puts them.
 */
export function legacyMurmur2(key: string | Uint8Array): number {
  const data = keyBytes(key);
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length / 4;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    // Out-of-range reads are `undefined & 0xff` = 0 in kafkajs.
    let k =
      ((data[i4] ?? 0) & 0xff) +
      (((data[i4 + 1] ?? 0) & 0xff) << 8) +
      (((data[i4 + 2] ?? 0) & 0xff) << 16) +
      (((data[i4 + 3] ?? 0) & 0xff) << 24);
    k *= M;
    k ^= k >>> 24;
    k *= M;
    h *= M;
    h ^= k;
  }
  const tail = length & ~3;
  const rest = length % 4;
  if (rest === 3) h ^= ((data[tail + 2] ?? 0) & 0xff) << 16;
  if (rest >= 2) h ^= ((data[tail + 1] ?? 0) & 0xff) << 8;
  if (rest >= 1) {
    h ^= (data[tail] ?? 0) & 0xff;
    h *= M;
  }
  h ^= h >>> 13;
  h *= M;
  h ^= h >>> 15;
  return h;
}

function isAscii(key: string): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** murmur2 over an ASCII string's char codes (its UTF-8 bytes) without allocating them. */
function murmur2Ascii(key: string): number {
  const length = key.length;
  let h = (SEED ^ length) | 0;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k =
      key.charCodeAt(i4) |
      (key.charCodeAt(i4 + 1) << 8) |
      (key.charCodeAt(i4 + 2) << 16) |
      (key.charCodeAt(i4 + 3) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & ~3;
  const rest = length % 4;
  if (rest === 3) h ^= key.charCodeAt(tail + 2) << 16;
  if (rest >= 2) h ^= key.charCodeAt(tail + 1) << 8;
  if (rest >= 1) h = Math.imul(h ^ key.charCodeAt(tail), M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}

/** Kafka's `toPositive`: clears the sign bit (not `Math.abs`). */
export function toPositive(x: number): number {
  return x & 0x7fffffff;
}
