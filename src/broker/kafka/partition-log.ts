import type { IHeaders } from './types';

/** Keys and values are kept as the producer gave them: text as a string, bytes as bytes. */
export type StoredBytes = string | Uint8Array | null;

const CHUNK = 1024;

/**
 * Records live in fixed-size chunks of parallel arrays rather than one object per record:
 * a retained small record costs its key and value strings plus 16 bytes of message id and
 * timestamp. Message ids in the broker's usual `m<n>` form are kept as numbers (one heap
 * object fewer per record); any other id, and headers, go in lazily created sparse arrays.
 */
interface Chunk {
  readonly keys: StoredBytes[];
  readonly values: StoredBytes[];
  /** The n of `m<n>`, or -1 when the id is in `idTexts`. */
  readonly ids: Float64Array;
  idTexts: string[] | undefined;
  readonly timestamps: Float64Array;
  headers: (IHeaders | undefined)[] | undefined;
}

function newChunk(): Chunk {
  return {
    keys: new Array<StoredBytes>(CHUNK).fill(null),
    values: new Array<StoredBytes>(CHUNK).fill(null),
    ids: new Float64Array(CHUNK),
    idTexts: undefined,
    timestamps: new Float64Array(CHUNK),
    headers: undefined,
  };
}

/** n for an id `m<n>` (no leading zero, at most 15 digits), else -1. */
function packId(id: string): number {
  const length = id.length;
  if (length < 2 || length > 16 || id.charCodeAt(0) !== 109) return -1;
  if (length > 2 && id.charCodeAt(1) === 48) return -1;
  let n = 0;
  for (let i = 1; i < length; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/** Marks a slot emptied by compaction: its offset stays taken, the record is gone. */
const REMOVED = -2;

function idAt(chunk: Chunk, slot: number): string {
  const n = chunk.ids[slot] ?? -1;
  return n >= 0 ? `m${n}` : (chunk.idTexts?.[slot] ?? '');
}

/** One record read back from a partition log. */
export interface LogRecord {
  readonly offset: number;
  readonly key: StoredBytes;
  readonly value: StoredBytes;
  readonly messageId: string;
  readonly timestamp: number;
  readonly headers: IHeaders | undefined;
}

/**
 * One partition's append-only log: offsets start at 0 and go up by one per record; the low
 * watermark (`start`) moves forward only when retention drops records from the head.
 *
 * @example
 * const log = new PartitionLog();
 * log.append('k', 'v', 'm1', 0, undefined); // → offset 0
 * log.read(0)?.value; // 'v'
 */
export class PartitionLog {
  private readonly chunks: Chunk[] = [];
  /** Offset of chunks[0][0]. */
  private chunkBase = 0;
  /** Low watermark: the first offset still stored. */
  start = 0;
  /** High watermark: the offset the next record gets. */
  end = 0;

  /** Number of retained records. */
  get size(): number {
    return this.end - this.start;
  }

  /** Appends one record and returns its offset. */
  append(
    key: StoredBytes,
    value: StoredBytes,
    messageId: string,
    timestamp: number,
    headers: IHeaders | undefined,
  ): number {
    const offset = this.end;
    const index = offset - this.chunkBase;
    const slot = index % CHUNK;
    let chunk = this.chunks[(index - slot) / CHUNK];
    if (chunk === undefined) {
      chunk = newChunk();
      this.chunks.push(chunk);
    }
    chunk.keys[slot] = key;
    chunk.values[slot] = value;
    const packed = packId(messageId);
    chunk.ids[slot] = packed;
    if (packed < 0) (chunk.idTexts ??= [])[slot] = messageId;
    chunk.timestamps[slot] = timestamp;
    if (headers !== undefined) {
      chunk.headers ??= [];
      chunk.headers[slot] = headers;
    }
    this.end = offset + 1;
    return offset;
  }

  private locate(offset: number): [Chunk, number] | undefined {
    if (offset < this.start || offset >= this.end) return undefined;
    const index = offset - this.chunkBase;
    const slot = index % CHUNK;
    const chunk = this.chunks[(index - slot) / CHUNK];
    return chunk === undefined ? undefined : [chunk, slot];
  }

  /** The record at `offset`, or undefined when it is outside [start, end) or compacted away. */
  read(offset: number): LogRecord | undefined {
    const found = this.locate(offset);
    if (found === undefined) return undefined;
    const [chunk, slot] = found;
    if (chunk.ids[slot] === REMOVED) return undefined;
    return {
      offset,
      key: chunk.keys[slot] ?? null,
      value: chunk.values[slot] ?? null,
      messageId: idAt(chunk, slot),
      timestamp: chunk.timestamps[slot] ?? 0,
      headers: chunk.headers?.[slot],
    };
  }

  /** Timestamp of the record at `offset` (for time-based retention), or undefined. */
  timestampAt(offset: number): number | undefined {
    const found = this.locate(offset);
    return found === undefined ? undefined : found[0].timestamps[found[1]];
  }

  /** Message id of the record at `offset`, or undefined. */
  messageIdAt(offset: number): string | undefined {
    const found = this.locate(offset);
    return found === undefined ? undefined : idAt(found[0], found[1]);
  }

  /** True when compaction removed the record at `offset` (readers skip the gap). */
  isRemoved(offset: number): boolean {
    const found = this.locate(offset);
    return found !== undefined && found[0].ids[found[1]] === REMOVED;
  }

  /** Compaction: empties the slot at `offset`; later offsets do not move. */
  remove(offset: number): void {
    const found = this.locate(offset);
    if (found === undefined) return;
    const [chunk, slot] = found;
    chunk.keys[slot] = null;
    chunk.values[slot] = null;
    chunk.ids[slot] = REMOVED;
    if (chunk.idTexts !== undefined) chunk.idTexts[slot] = '';
    if (chunk.headers !== undefined) chunk.headers[slot] = undefined;
  }

  /**
   * Drops every record below `newStart` from the head (retention), calling `onDrop` for each
   * so the caller can trace it. Whole chunks are released once they are behind the watermark.
   */
  truncateBefore(newStart: number, onDrop?: (offset: number, messageId: string) => void): void {
    const target = Math.min(newStart, this.end);
    while (this.start < target) {
      const found = this.locate(this.start);
      if (found !== undefined) {
        const [chunk, slot] = found;
        if (chunk.ids[slot] !== REMOVED) onDrop?.(this.start, idAt(chunk, slot));
        chunk.keys[slot] = null;
        chunk.values[slot] = null;
        if (chunk.idTexts !== undefined) chunk.idTexts[slot] = '';
        if (chunk.headers !== undefined) chunk.headers[slot] = undefined;
      }
      this.start += 1;
      if (this.start - this.chunkBase >= CHUNK) {
        this.chunks.shift();
        this.chunkBase += CHUNK;
      }
    }
  }
}
