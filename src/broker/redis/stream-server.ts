import type { ModelContext } from '../core/model-context';
import type { RedisPeer } from './redis-model';
import type { StreamLog } from './stream-log';
import { endpoint } from '../core/endpoint';

/**
 * What the stream commands share on the server side: the model's context (clock, trace, fault
 * gate), the stream keys of the one keyspace, and the wake-up of blocked readers.
 */
export interface StreamServer {
  readonly ctx: ModelContext;
  /** Run time in ms: entry ids, delivery times and idle times all count in it. */
  now(): number;
  /** The stream at `key`, undefined if there is no key; WRONGTYPE for another type. */
  stream(key: string): StreamLog | undefined;
  /** The stream at `key`, made empty if there is no key; WRONGTYPE for another type. */
  createStream(key: string): StreamLog;
  /** Something changed at `key` that blocked readers may be waiting for (signalKeyAsReady). */
  keyReady(key: string): void;
  /** Whether the client is still connected (a reply to a dropped one goes nowhere). */
  connected(peer: RedisPeer): boolean;
}

/** The trace endpoint of a stream. */
export function streamEndpoint(key: string): string {
  return endpoint.stream(key);
}

/** The trace endpoint of a consumer group. */
export function groupEndpoint(key: string, group: string): string {
  return endpoint.streamGroup(key, group);
}

/** The trace message id of the entry whose number is `n`. */
export function messageIdText(n: number): string {
  return `m${n}`;
}
