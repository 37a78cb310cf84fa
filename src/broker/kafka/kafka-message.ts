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
 * Buffers, offset and timestamp as strings, `magicByte` 2 (the record format of Kafka 0.11 on)
 * and `isControlRecord` false (no transactions here, so no control records), as kafkajs's
 * decoder gives them (src/protocol/recordBatch/record/v0/decoder.js). Its `batchContext` (the
 * producer batch the record came in) is not modelled and absent. A new object each time, so a handler that mutates a
 * message cannot change what the log (or another consumer) sees.
 */
export function toKafkaMessage(record: LogRecord): KafkaMessage {
  return {
    magicByte: 2,
    attributes: 0,
    timestamp: String(record.timestamp),
    offset: String(record.offset),
    key: toBuffer(record.key),
    value: toBuffer(record.value),
    headers: headersOf(record.headers),
    isControlRecord: false,
  };
}

const decoder = new TextDecoder();

/** Text of a stored key or value, for trace payloads. */
export function textOf(bytes: StoredBytes): string | undefined {
  if (bytes === null) return undefined;
  return typeof bytes === 'string' ? bytes : decoder.decode(bytes);
}
