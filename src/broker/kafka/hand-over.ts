import type { ModelTraceFields } from '../core/model-context';
import type { FetchScope, FetchedPartition } from './fetch-scope';
import { textOf, toKafkaMessage } from './kafka-message';
import type { LogRecord } from './partition-log';
import { promised } from './promised';
import { passRecord, type RecordFate } from './record-faults';
import type { Batch, EachBatchPayload, OffsetsByTopicPartition } from './types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Hands the records of one fetch, offsets [position, end) of a partition, to the reader's
 * `eachMessage` or `eachBatch` as kafkajs's runner does, and resolves with the record whose
 * fetch a drop fault lost (the loop fetches from it again), if any.
 *
 * While faults are on, each record passes the fault gate on its own, in offset order, the next
 * only once the one before has arrived: a partition is one ordered log, so a delayed record
 * holds back those behind it, and a record is never drawn for before the consumer gets to it.
 * That keeps each record's attempts (and so its faults) independent of how records happened
 * to be batched.
 */
export function handOver(
  scope: FetchScope,
  partition: FetchedPartition,
  end: number,
): Promise<LogRecord | undefined> {
  const config = scope.runConfig();
  return config?.eachBatch !== undefined && config.eachMessage === undefined
    ? handOverBatch(scope, partition, end)
    : handOverMessages(scope, partition, end);
}

/** `eachMessage`: one record at a time, each awaited, the position moving after each. */
async function handOverMessages(
  scope: FetchScope,
  partition: FetchedPartition,
  end: number,
): Promise<LogRecord | undefined> {
  const eachMessage = scope.runConfig()?.eachMessage;
  if (eachMessage === undefined) return undefined;
  const { topic, state, key } = partition;
  const { offsets, paused } = scope;
  const ctx = scope.env.ctx;
  const log = state.log;
  const id = state.id;
  const pause = (): (() => void) => {
    scope.pause(topic, id);
    return () => scope.resume(topic, id);
  };
  const heartbeat = (): Promise<void> => Promise.resolve();
  for (let offset = partition.position; offset < end; offset++) {
    if (!partition.active || scope.seekPending(key)) return undefined;
    const record = log.read(offset);
    if (record === undefined) {
      if (!log.isRemoved(offset)) return undefined;
      // A gap left by compaction: nothing to hand over, the position just moves on.
      partition.position = offset + 1;
      offsets.skipTo(key, offset + 1);
      continue;
    }
    let twice = false;
    if (ctx.faulty) {
      const fate = await throughFaults(scope, partition, record);
      if (fate.outcome === 'stale') return undefined;
      if (fate.outcome === 'lost') return record;
      twice = fate.twice;
    } else {
      traceDelivery(scope, partition, record);
    }
    await eachMessage({ topic, partition: id, message: toKafkaMessage(record), heartbeat, pause });
    if (twice) {
      // The same record handed over again, as after a lost commit: handlers must be
      // idempotent (docs/broker-semantics.md, Kafka 10).
      traceDelivery(scope, partition, record);
      await eachMessage({
        topic,
        partition: id,
        message: toKafkaMessage(record),
        heartbeat,
        pause,
      });
    }
    partition.position = offset + 1;
    offsets.resolve(key, offset + 1);
    offsets.autoCommitIfDue();
    if (paused.has(topic, key)) return undefined;
  }
  return undefined;
}

/** `eachBatch`: the fetched records in one batch, resolved as a whole unless told otherwise. */
async function handOverBatch(
  scope: FetchScope,
  partition: FetchedPartition,
  end: number,
): Promise<LogRecord | undefined> {
  const eachBatch = scope.runConfig()?.eachBatch;
  if (eachBatch === undefined) return undefined;
  const log = partition.state.log;
  const records: LogRecord[] = [];
  let lost: LogRecord | undefined;
  let again: LogRecord | undefined;
  for (let offset = partition.position; offset < end; offset++) {
    const record = log.read(offset);
    if (record === undefined) {
      if (log.isRemoved(offset)) continue;
      break;
    }
    if (!scope.env.ctx.faulty) {
      traceDelivery(scope, partition, record);
      records.push(record);
      continue;
    }
    const fate = await throughFaults(scope, partition, record);
    if (fate.outcome === 'stale') return undefined;
    if (fate.outcome === 'lost') {
      // The batch is what arrived before the lost part of the fetch.
      lost = record;
      break;
    }
    records.push(record);
    if (fate.twice) {
      // The batch ends at a duplicated record, which comes again in a batch of its own, as
      // after a lost commit: handlers must be idempotent (docs/broker-semantics.md, Kafka 10).
      again = record;
      break;
    }
  }
  if (lost !== undefined && records.length === 0) return lost;
  await runBatch(scope, partition, eachBatch, records);
  if (again !== undefined) {
    traceDelivery(scope, partition, again);
    await runBatch(scope, partition, eachBatch, [again]);
  }
  return lost;
}

/** Calls `eachBatch` once with kafkajs's batch payload over `records`. */
async function runBatch(
  scope: FetchScope,
  partition: FetchedPartition,
  eachBatch: (payload: EachBatchPayload) => Promise<void>,
  records: readonly LogRecord[],
): Promise<void> {
  const { topic, state, key } = partition;
  const messages = records.map(toKafkaMessage);
  const high = state.log.end;
  const first = messages[0]?.offset ?? null;
  const last = messages[messages.length - 1]?.offset ?? String(high - 1);
  const fetchedAt = partition.position;
  const batch: Batch = {
    topic,
    partition: state.id,
    highWatermark: String(high),
    // Where the fetch began: the partition's position (src/consumer/batch.js).
    fetchedOffset: String(fetchedAt),
    messages,
    isEmpty: () => messages.length === 0,
    // No transactions or compressed sets here: nothing is ever filtered out of a batch.
    isEmptyIncludingFiltered: () => messages.length === 0,
    isEmptyDueToFiltering: () => false,
    isEmptyControlRecord: () => false,
    isEmptyDueToLogCompactedMessages: () => false,
    firstOffset: () => first,
    lastOffset: () => last,
    offsetLag: () => String(Math.max(0, high - 1 - Number(last))),
    offsetLagLow: () => String(Math.max(0, high - 1 - Number(first ?? last))),
  };
  const payload: EachBatchPayload = {
    batch,
    resolveOffset: (offset: string) => {
      partition.position = Number(offset) + 1;
      scope.offsets.resolve(key, Number(offset) + 1);
    },
    heartbeat: () => Promise.resolve(),
    pause: () => {
      scope.pause(topic, state.id);
      return () => scope.resume(topic, state.id);
    },
    commitOffsetsIfNecessary: (offsets?: OffsetsByTopicPartition) =>
      promised(() => {
        if (offsets === undefined) {
          scope.offsets.autoCommitIfDue();
          return;
        }
        for (const t of offsets.topics) {
          for (const p of t.partitions)
            scope.offsets.commit(t.topic, p.partition, Number(p.offset));
        }
      }),
    uncommittedOffsets: () => scope.offsets.uncommitted(),
    isRunning: () => scope.isRunning() && partition.active,
    isStale: () => scope.seekPending(key),
  };
  await eachBatch(payload);
  if ((scope.runConfig()?.eachBatchAutoResolve ?? true) && messages.length > 0) {
    payload.resolveOffset(last);
  }
}

/** Sends `record` through the fault gate; its delivery is traced when it arrives. */
function throughFaults(
  scope: FetchScope,
  partition: FetchedPartition,
  record: LogRecord,
): Promise<RecordFate> {
  return passRecord(
    scope.env.ctx.gate,
    scope.faultDestination,
    {
      messageId: record.messageId,
      from: partition.state.label,
      to: scope.label,
      destinationKey: scope.destinationKey,
    },
    () => traceDelivery(scope, partition, record),
    (abandon) => partition.abandonOnStop(abandon),
  );
}

/** `delivered` partition → consumer, with the group, partition, offset and key. */
function traceDelivery(scope: FetchScope, partition: FetchedPartition, record: LogRecord): void {
  const payload = textOf(record.value);
  const key = textOf(record.key);
  const detail: Record<string, unknown> = {
    groupId: scope.groupId,
    partition: partition.state.id,
    offset: String(record.offset),
  };
  if (key !== undefined) detail['key'] = key;
  const event: Mutable<ModelTraceFields> = {
    kind: 'delivered',
    from: partition.state.label,
    to: scope.label,
    messageId: record.messageId,
    detail,
  };
  if (payload !== undefined) event.payload = payload;
  scope.env.ctx.trace(event);
}
