import { Buffer as PortableBuffer } from 'buffer/index.js';

/**
 * The Buffer class messages are made of: Node's own where it exists (so `Buffer.isBuffer` in
 * reader code agrees), otherwise the `buffer` package, which behaves the same in a Web Worker
 * (`toString()` decodes UTF-8, `Buffer.from('text')` encodes it).
 */
export const Bytes: typeof PortableBuffer =
  (globalThis as unknown as { Buffer?: typeof PortableBuffer }).Buffer ?? PortableBuffer;

/** Bytes in the Buffer class above. */
export type Bytes = PortableBuffer;

/** UTF-8 bytes of a string. */
export function toBuffer(text: string): Bytes {
  return Bytes.from(text, 'utf8');
}

/**
 * Whether `value` is a Buffer, by Node's rule or the `buffer` package's: amqplib refuses
 * anything else as message content (a plain string or Uint8Array included).
 */
export function isBuffer(value: unknown): value is Bytes {
  if (!(value instanceof Uint8Array)) return false;
  const nodeBuffer = (globalThis as { Buffer?: { isBuffer(v: unknown): boolean } }).Buffer;
  return PortableBuffer.isBuffer(value) || (nodeBuffer?.isBuffer(value) ?? false);
}
