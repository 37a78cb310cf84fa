import { Buffer as PortableBuffer } from 'buffer/index.js';

/**
 * Bytes from a guest as the Buffer the simulated broker accepts: Node's in Node, the `buffer`
 * package's in the browser (amqplib refuses anything that is not a Buffer).
 */
export function toHostBuffer(bytes: Uint8Array): Uint8Array {
  const BufferClass =
    (globalThis as unknown as { Buffer?: typeof PortableBuffer }).Buffer ?? PortableBuffer;
  return BufferClass.from(bytes);
}
