import { KafkaJSNonRetriableError } from './errors';

/**
 * The checks kafkajs 2.2 makes before it sends anything, in its order and with its messages,
 * each citing the kafkajs source file (inside the package) it follows. A simulated client runs
 * the same check at the same point, so bad input fails here exactly as it does there
 * (compared with kafkajs's own client in pre-network-checks.test.ts).
 */

const fail = (message: string): never => {
  throw new KafkaJSNonRetriableError(message);
};

/** What `${value}` gives in JavaScript, as kafkajs's template strings print arguments. */
const text = (value: unknown): string => `${String(value)}`;

export const notInitializedMessage =
  'Consumer group was not initialized, consumer#run must be called first';

/** `on(eventName)` (src/producer/index.js, src/consumer/index.js, src/admin/index.js). */
export function checkEventName(
  events: Readonly<Record<string, string>>,
  prefix: 'producer' | 'consumer' | 'admin',
  eventName: unknown,
): void {
  if (Object.values(events).includes(eventName as string)) return;
  const keys = Object.keys(events).map((key) => `${prefix}.events.${key}`);
  fail(`Event name should be one of ${keys.join(', ')}`);
}

/** kafkajs's `Long.fromValue` (src/utils/long.js): what it turns into a 64-bit value, or throws. */
export function kafkaLong(value: unknown): bigint {
  if (typeof value === 'number') return Number.isNaN(value) ? 0n : BigInt(value);
  if (typeof value === 'string') {
    if (value.length === 0) throw new Error('empty string');
    if (['NaN', 'Infinity', '+Infinity', '-Infinity'].includes(value)) return 0n;
    return BigInt(value);
  }
  if (typeof value === 'bigint') return value;
  return BigInt(value as string);
}

/** A consumer's config (src/consumer/index.js): heartbeats must come within the session. */
export function checkConsumerTimes(config: {
  heartbeatInterval?: number;
  sessionTimeout?: number;
}): void {
  const heartbeatInterval = config.heartbeatInterval ?? 3000;
  const sessionTimeout = config.sessionTimeout ?? 30000;
  if (heartbeatInterval >= sessionTimeout) {
    fail(
      `Consumer heartbeatInterval (${heartbeatInterval}) must be lower than sessionTimeout (${sessionTimeout}). It is recommended to set heartbeatInterval to approximately a third of the sessionTimeout.`,
    );
  }
}

/** `consumer.seek` and each entry of `commitOffsets` (src/consumer/index.js); the offset. */
export function checkTopicPartitionOffset(
  entry: { topic?: unknown; partition?: unknown; offset?: unknown; metadata?: unknown },
  kind: 'seek' | 'commit',
): bigint {
  if (!entry.topic) fail(`Invalid topic ${text(entry.topic)}`);
  if (isNaN$(entry.partition)) {
    fail(`Invalid partition, expected a number received ${text(entry.partition)}`);
  }
  let offset = 0n;
  try {
    offset = kafkaLong(entry.offset);
  } catch {
    fail(`Invalid offset, expected a long received ${text(entry.offset)}`);
  }
  // seek also takes kafkajs's special offsets, -2 (earliest) and -1 (latest).
  if (offset < 0n && !(kind === 'seek' && (offset === -1n || offset === -2n))) {
    fail('Offset must not be a negative number');
  }
  const metadata = entry.metadata ?? null;
  if (kind === 'commit' && metadata !== null && typeof metadata !== 'string') {
    fail(`Invalid offset metadata, expected string or null, received ${text(metadata)}`);
  }
  return offset;
}

/** JavaScript's global `isNaN`, which kafkajs uses (it converts first; `isNaN('x')` is true). */
function isNaN$(value: unknown): boolean {
  return Number.isNaN(Number(value));
}

/** `consumer.pause` / `resume` entries (src/consumer/index.js). */
export function checkPauseEntries(entries: unknown, verb: 'pause' | 'resume'): void {
  for (const entry of (entries ?? []) as { topic?: unknown; partitions?: unknown }[]) {
    if (!entry || !entry.topic) {
      fail(`Invalid topic ${text((entry && entry.topic) || entry)}`);
    } else if (
      entry.partitions !== undefined &&
      (!Array.isArray(entry.partitions) || entry.partitions.some(isNaN$))
    ) {
      fail(
        `Array of valid partitions required to ${verb} specific partitions instead of ${text(entry.partitions)}`,
      );
    }
  }
}

/** A producer's config (src/producer/index.js). */
export function checkProducerRetries(idempotent: boolean, retries: number | undefined): void {
  if (idempotent && retries !== undefined && retries < 1) {
    fail('Idempotent producer must allow retries to protect against transient errors');
  }
}

/** `sendBatch`, and `send` through it (src/producer/messageProducer.js). */
export function checkTopicMessages(
  topicMessages: readonly { topic?: unknown; messages?: unknown }[],
  idempotent: boolean,
  acks: number,
): void {
  if (topicMessages.some(({ topic }) => !topic)) fail('Invalid topic');
  if (idempotent && acks !== -1) {
    fail(`Not requiring ack for all messages invalidates the idempotent producer's EoS guarantees`);
  }
  for (const { topic, messages } of topicMessages) {
    if (!messages) fail(`Invalid messages array [${text(messages)}] for topic "${text(topic)}"`);
    const withoutValue = (messages as { value?: unknown }[]).find((m) => m.value === undefined);
    if (withoutValue) {
      fail(
        `Invalid message without value for topic "${text(topic)}": ${JSON.stringify(withoutValue)}`,
      );
    }
  }
}

/** `admin.createTopics` (src/admin/index.js). */
export function checkCreateTopics(topics: unknown): void {
  if (!topics || !Array.isArray(topics)) fail(`Invalid topics array ${text(topics)}`);
  const list = topics as { topic?: unknown; configEntries?: unknown }[];
  if (list.some(({ topic }) => typeof topic !== 'string')) {
    fail('Invalid topics array, the topic names have to be a valid string');
  }
  if (new Set(list.map(({ topic }) => topic)).size < list.length) {
    fail('Invalid topics array, it cannot have multiple entries for the same topic');
  }
  for (const { topic, configEntries } of list) {
    if (configEntries === null || configEntries === undefined) continue;
    if (!Array.isArray(configEntries)) {
      fail(`Invalid configEntries for topic "${text(topic)}", must be an array`);
    }
    (configEntries as unknown[]).forEach((entry, index) => {
      if (typeof entry !== 'object' || entry === null) {
        fail(`Invalid configEntries for topic "${text(topic)}". Entry ${index} must be an object`);
      }
      for (const property of ['name', 'value']) {
        const record = entry as Record<string, unknown>;
        if (!Object.hasOwn(record, property) || typeof record[property] !== 'string') {
          fail(
            `Invalid configEntries for topic "${text(topic)}". Entry ${index} must have a valid "${property}" property`,
          );
        }
      }
    });
  }
}

/** `admin.createPartitions` (src/admin/index.js). */
export function checkCreatePartitions(topicPartitions: unknown): void {
  if (!topicPartitions || !Array.isArray(topicPartitions)) {
    fail(`Invalid topic partitions array ${text(topicPartitions)}`);
  }
  const list = topicPartitions as { topic?: unknown }[];
  if (list.length === 0) fail('Empty topic partitions array');
  if (list.some(({ topic }) => typeof topic !== 'string')) {
    fail('Invalid topic partitions array, the topic names have to be a valid string');
  }
  if (new Set(list.map(({ topic }) => topic)).size < list.length) {
    fail('Invalid topic partitions array, it cannot have multiple entries for the same topic');
  }
}

/** `admin.deleteTopics` (src/admin/index.js). */
export function checkDeleteTopics(topics: unknown): void {
  if (!topics || !Array.isArray(topics)) fail(`Invalid topics array ${text(topics)}`);
  if ((topics as unknown[]).some((topic) => typeof topic !== 'string')) {
    fail('Invalid topics array, the names must be a valid string');
  }
}

/** `admin.fetchTopicOffsets` (src/admin/index.js). */
export function checkTopicName(topic: unknown): void {
  if (!topic || typeof topic !== 'string') fail(`Invalid topic ${text(topic)}`);
}

/** `admin.fetchOffsets` (src/admin/index.js); returns the topics, `[]` when not given. */
export function checkFetchOffsets(groupId: unknown, topics: unknown): unknown[] {
  if (!groupId) fail(`Invalid groupId ${text(groupId)}`);
  const list = topics || [];
  if (!Array.isArray(list)) fail('Expected topics array to be set');
  return list as unknown[];
}

/** `admin.resetOffsets` and `admin.setOffsets` (src/admin/index.js). */
export function checkGroupTopic(groupId: unknown, topic: unknown, partitions?: unknown): void {
  if (!groupId) fail(`Invalid groupId ${text(groupId)}`);
  if (!topic) fail(`Invalid topic ${text(topic)}`);
  if (partitions !== undefined && (!partitions || (partitions as unknown[]).length === 0)) {
    fail('Invalid partitions');
  }
}
