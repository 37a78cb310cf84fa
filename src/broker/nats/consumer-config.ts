import { apiErrors } from './js-api-errors';
import { isLiteral, isSubsetMatch, isValidSubject } from './subject';
import { nsPerMs, type StreamConfig } from './stream-config';

export type DeliverPolicy =
  'all' | 'last' | 'new' | 'by_start_sequence' | 'by_start_time' | 'last_per_subject';
export type AckPolicy = 'none' | 'all' | 'explicit';

/** A pull consumer's configuration as nats-server 2.9 reports it (durations in nanoseconds). */
export interface ConsumerConfig {
  durable_name?: string;
  name?: string;
  description?: string;
  deliver_policy: DeliverPolicy;
  opt_start_seq?: number;
  opt_start_time?: string;
  ack_policy: AckPolicy;
  ack_wait?: number;
  max_deliver: number;
  backoff?: number[];
  filter_subject?: string;
  /** nats-server 2.10: several filters (the simulator accepts it; 2.9 does not know it). */
  filter_subjects?: string[];
  replay_policy: 'instant';
  max_waiting: number;
  max_ack_pending?: number;
  headers_only?: boolean;
  inactive_threshold?: number;
  num_replicas: number;
  mem_storage?: boolean;
}

const deliverPolicies: readonly DeliverPolicy[] = [
  'all',
  'last',
  'new',
  'by_start_sequence',
  'by_start_time',
  'last_per_subject',
];
const defaultAckWait = 30_000 * nsPerMs;
/** Ephemeral consumers go after 5 s without a pull (JsDeleteWaitTimeDefault). */
export const defaultInactiveThreshold = 5_000 * nsPerMs;

/**
 * A requested consumer configuration with nats-server's defaults and checks
 * (nats-server 2.9's `setConsumerConfigDefaults` and `checkConsumerCfg`), for pull consumers.
 */
export function normalizeConsumerConfig(
  raw: Record<string, unknown>,
  stream: StreamConfig,
): ConsumerConfig {
  const ackPolicy = (raw['ack_policy'] ?? 'none') as AckPolicy;
  if (!['none', 'all', 'explicit'].includes(ackPolicy)) throw apiErrors.invalidJson();
  const deliverPolicy = (raw['deliver_policy'] ?? 'all') as DeliverPolicy;
  if (!deliverPolicies.includes(deliverPolicy)) throw apiErrors.invalidJson();
  const config: ConsumerConfig = {
    deliver_policy: deliverPolicy,
    ack_policy: ackPolicy,
    max_deliver: numberOr(raw['max_deliver'], -1),
    replay_policy: 'instant',
    max_waiting: numberOr(raw['max_waiting'], 512),
    num_replicas: numberOr(raw['num_replicas'], 0, true),
  };
  copyString(raw, config, 'durable_name');
  copyString(raw, config, 'name');
  copyString(raw, config, 'description');
  copyString(raw, config, 'filter_subject');
  copyString(raw, config, 'opt_start_time');
  if (typeof raw['opt_start_seq'] === 'number' && raw['opt_start_seq'] > 0) {
    config.opt_start_seq = raw['opt_start_seq'];
  }
  if (Array.isArray(raw['filter_subjects']) && raw['filter_subjects'].length > 0) {
    config.filter_subjects = (raw['filter_subjects'] as unknown[]).map(String);
  }
  if (raw['headers_only'] === true) config.headers_only = true;
  if (raw['mem_storage'] === true) config.mem_storage = true;
  const explicit = ackPolicy === 'explicit' || ackPolicy === 'all';
  if (explicit) config.ack_wait = numberOr(raw['ack_wait'], defaultAckWait);
  if (Array.isArray(raw['backoff']) && raw['backoff'].length > 0) {
    const backoff = (raw['backoff'] as unknown[]).map(Number);
    config.backoff = backoff;
    config.ack_wait = backoff[0]!;
  }
  const maxAckPending = numberOr(raw['max_ack_pending'], 0);
  if (maxAckPending !== 0) config.max_ack_pending = maxAckPending;
  else if (explicit) config.max_ack_pending = 1000;
  const threshold = numberOr(raw['inactive_threshold'], 0);
  if (threshold > 0) config.inactive_threshold = threshold;
  else if (!config.durable_name) config.inactive_threshold = defaultInactiveThreshold;
  check(config, stream);
  return config;
}

function check(config: ConsumerConfig, stream: StreamConfig): void {
  if (config.backoff && config.max_deliver <= config.backoff.length) {
    throw apiErrors.maxDeliverBackoff();
  }
  if (config.ack_policy === 'none' && stream.retention === 'workqueue') {
    throw apiErrors.pullRequiresAck();
  }
  const filters = config.filter_subjects ?? (config.filter_subject ? [config.filter_subject] : []);
  for (const filter of filters) {
    if (!validFilteredSubject(filter, stream.subjects)) throw apiErrors.filterNotSubset();
  }
  const badStart = (dp: string, start: string) =>
    apiErrors.consumerInvalidPolicy(
      `consumer delivery policy is deliver ${dp}, but optional start ${start} is also set`,
    );
  const notSet = (dp: string, what: string) =>
    apiErrors.consumerInvalidPolicy(
      `consumer delivery policy is deliver ${dp}, but optional ${what} is not set`,
    );
  const seq = config.opt_start_seq !== undefined;
  const time = config.opt_start_time !== undefined;
  const names: Record<DeliverPolicy, string> = {
    all: 'all',
    last: 'last',
    new: 'new',
    last_per_subject: 'last per subject',
    by_start_sequence: 'by start sequence',
    by_start_time: 'by start time',
  };
  const dp = config.deliver_policy;
  if (dp === 'by_start_sequence') {
    if (!seq) throw notSet(names[dp], 'start sequence');
    if (time) throw badStart(names[dp], 'time');
  } else if (dp === 'by_start_time') {
    if (!time) throw notSet(names[dp], 'start time');
    if (seq) throw badStart(names[dp], 'start sequence');
  } else {
    if (seq) throw badStart(names[dp], 'sequence');
    if (time) throw badStart(names[dp], 'time');
    if (dp === 'last_per_subject' && filters.length === 0)
      throw notSet(names[dp], 'filter subject');
  }
  if (config.durable_name && config.name && config.durable_name !== config.name) {
    throw apiErrors.durableAndNameMismatch();
  }
}

/** The update rules for an existing consumer (`checkNewConsumerConfig`); '' when allowed. */
export function consumerUpdateError(old: ConsumerConfig, next: ConsumerConfig): string {
  if (old.deliver_policy !== next.deliver_policy) return 'deliver policy can not be updated';
  if (old.opt_start_seq !== next.opt_start_seq) return 'start sequence can not be updated';
  if (old.opt_start_time !== next.opt_start_time) return 'start time can not be updated';
  if (old.ack_policy !== next.ack_policy) return 'ack policy can not be updated';
  if (old.max_waiting !== next.max_waiting) return 'max waiting can not be updated';
  return '';
}

function numberOr(value: unknown, fallback: number, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  if (value === 0 && !allowZero) return fallback;
  return value;
}

function copyString<
  K extends 'durable_name' | 'name' | 'description' | 'filter_subject' | 'opt_start_time',
>(raw: Record<string, unknown>, config: ConsumerConfig, key: K): void {
  const value = raw[key];
  if (typeof value === 'string' && value !== '') config[key] = value;
}

/** nats-server's `validFilteredSubject`: the filter lies within the stream's subjects. */
function validFilteredSubject(filter: string, subjects: readonly string[]): boolean {
  if (!isValidSubject(filter)) return false;
  const wildcard = !isLiteral(filter);
  return subjects.some((s) => isSubsetMatch(filter, s) || (wildcard && isSubsetMatch(s, filter)));
}
