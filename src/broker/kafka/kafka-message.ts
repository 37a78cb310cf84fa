import { Buffer } from 'buffer/index.js';
import type { LogRecord, StoredBytes } from './partition-log';
import type { IHeaders, KafkaMessage } from './types';

function toBuffer(bytes: StoredBytes): Buffer | null {
  if (bytes === null) return null;
  return typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes);
}

function headersOf(headers: IHeaders | undefined): IHeaders {
  const out: IHeaders = {};
  if (headers === undefined) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value)
      ? value.map((v) => (typeof v === 'string' ? Buffer.from(v) : Buffer.from(v)))
      : typeof value === 'string'
        ? Buffer.from(value)
        : Buffer.from(value);
  }
  return out;
}

/**
 * A stored record as kafkajs hands it to `eachMessage` / `eachBatch`: key, value and headers as
 * Buffers, offset and timestamp as strings. A new object each time, so a handler that mutates a
 * message cannot change what the log (or another consumer) sees.
 */
export function toKafkaMessage(record: LogRecord): KafkaMessage {
  return {
    key: toBuffer(record.key),
    value: toBuffer(record.value),
    timestamp: String(record.timestamp),
    attributes: 0,
    offset: String(record.offset),
    headers: headersOf(record.headers),
  };
}

const decoder = new TextDecoder();

/** Text of a stored key or value, for trace payloads. */
export function textOf(bytes: StoredBytes): string | undefined {
  if (bytes === null) return undefined;
  return typeof bytes === 'string' ? bytes : decoder.decode(bytes);
}
