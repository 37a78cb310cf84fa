import { apiErrors } from './js-api-errors';
import { isSubsetMatch, isValidSubject, subjectsCollide } from './subject';

/** A stream's configuration as nats-server 2.9 reports it (durations in nanoseconds). */
export interface StreamConfig {
  name: string;
  description?: string;
  subjects: string[];
  retention: 'limits' | 'interest' | 'workqueue';
  max_consumers: number;
  max_msgs: number;
  max_bytes: number;
  max_age: number;
  max_msgs_per_subject: number;
  max_msg_size: number;
  discard: 'old' | 'new';
  discard_new_per_subject?: boolean;
  storage: 'file' | 'memory';
  num_replicas: number;
  no_ack?: boolean;
  duplicate_window: number;
  allow_direct: boolean;
  mirror_direct: boolean;
  sealed: boolean;
  deny_delete: boolean;
  deny_purge: boolean;
  allow_rollup_hdrs: boolean;
}

export const nsPerMs = 1_000_000;
const defaultDuplicateWindow = 2 * 60 * 1000 * nsPerMs;

/** nats-server's `isValidName`: a stream or consumer name without dots, wildcards or spaces. */
export function isValidName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && !/[ \t\r\n\f.*>]/.test(name);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw apiErrors.invalidJson();
}

function int(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === 0) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw apiErrors.invalidJson();
  return Math.trunc(value);
}

/**
 * A requested stream configuration with nats-server's defaults filled in and its checks made
 * (nats-server's `checkStreamCfg`): -1 for unlimited, file storage, the 2-minute
 * duplicate window (or `max_age` if shorter), the stream's name as its subject when none.
 */
export function normalizeStreamConfig(raw: Record<string, unknown>): StreamConfig {
  const name = raw['name'];
  if (!isValidName(name)) {
    throw apiErrors.streamInvalidConfig(
      "stream name is required and can not contain '.', '*', '>'",
    );
  }
  const maxAge = int(raw['max_age'], 0);
  let duplicates = int(raw['duplicate_window'], 0);
  if (duplicates === 0) {
    duplicates = maxAge !== 0 && maxAge < defaultDuplicateWindow ? maxAge : defaultDuplicateWindow;
  }
  if (maxAge > 0 && maxAge < 100 * nsPerMs) {
    throw apiErrors.streamInvalidConfig('max age needs to be >= 100ms');
  }
  if (duplicates < 0) throw apiErrors.streamInvalidConfig('duplicates window can not be negative');
  if (maxAge !== 0 && duplicates > maxAge) {
    throw apiErrors.streamInvalidConfig('duplicates window can not be larger then max age');
  }
  if (duplicates > 0 && duplicates < 100 * nsPerMs) {
    throw apiErrors.streamInvalidConfig('duplicates window needs to be >= 100ms');
  }
  const config: StreamConfig = {
    name,
    subjects: subjectsOf(raw['subjects'], name),
    retention: oneOf(raw['retention'], ['limits', 'interest', 'workqueue'], 'limits'),
    max_consumers: int(raw['max_consumers'], -1),
    max_msgs: int(raw['max_msgs'], -1),
    max_bytes: int(raw['max_bytes'], -1),
    max_age: maxAge,
    max_msgs_per_subject: int(raw['max_msgs_per_subject'], -1),
    max_msg_size: int(raw['max_msg_size'], -1),
    discard: oneOf(raw['discard'], ['old', 'new'], 'old'),
    storage: oneOf(raw['storage'], ['file', 'memory'], 'file'),
    num_replicas: int(raw['num_replicas'], 1),
    duplicate_window: duplicates,
    allow_direct: raw['allow_direct'] === true,
    mirror_direct: raw['mirror_direct'] === true,
    sealed: raw['sealed'] === true,
    deny_delete: raw['deny_delete'] === true,
    deny_purge: raw['deny_purge'] === true,
    allow_rollup_hdrs: raw['allow_rollup_hdrs'] === true,
  };
  // One server, no cluster (nats-server's `jsStreamCreateRequest`).
  if (config.num_replicas > 1) throw apiErrors.replicasNotSupported();
  if (typeof raw['description'] === 'string' && raw['description'] !== '') {
    config.description = raw['description'];
  }
  if (raw['no_ack'] === true) config.no_ack = true;
  if (raw['discard_new_per_subject'] === true) {
    if (config.discard !== 'new') {
      throw apiErrors.streamInvalidConfig(
        'discard new per subject requires discard new policy to be set',
      );
    }
    if (config.max_msgs_per_subject <= 0) {
      throw apiErrors.streamInvalidConfig(
        'discard new per subject requires max msgs per subject > 0',
      );
    }
    config.discard_new_per_subject = true;
  }
  return config;
}

function subjectsOf(raw: unknown, name: string): string[] {
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) return [name];
  if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string')) throw apiErrors.invalidJson();
  const subjects = raw as string[];
  const seen = new Set<string>();
  for (const subject of subjects) {
    if (seen.has(subject)) throw apiErrors.streamInvalidConfig('duplicate subjects detected');
    if (isSubsetMatch(subject, '$JS.API.>')) {
      throw apiErrors.streamInvalidConfig('subjects overlap with jetstream api');
    }
    if (!isValidSubject(subject)) throw apiErrors.streamInvalidConfig('invalid subject');
    seen.add(subject);
  }
  for (const a of subjects) {
    for (const b of subjects) {
      if (a !== b && subjectsCollide(a, b)) {
        throw apiErrors.streamInvalidConfig(`subject "${a}" overlaps with "${b}"`);
      }
    }
  }
  return [...subjects];
}

/** The server's rules for `STREAM.UPDATE` (nats-server's `configUpdateCheck`). */
export function checkStreamUpdate(old: StreamConfig, next: StreamConfig): void {
  if (next.name !== old.name) {
    throw apiErrors.streamInvalidConfig('stream configuration name must match original');
  }
  if (next.max_consumers !== old.max_consumers) {
    throw apiErrors.streamInvalidConfig('stream configuration update can not change MaxConsumers');
  }
  if (next.storage !== old.storage) {
    throw apiErrors.streamInvalidConfig('stream configuration update can not change storage type');
  }
  if (next.retention !== old.retention) {
    throw apiErrors.streamInvalidConfig(
      'stream configuration update can not change retention policy',
    );
  }
}

/** Whether two normalized configurations are the same (a repeated create is then no error). */
export function sameStreamConfig(a: StreamConfig, b: StreamConfig): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );
}
