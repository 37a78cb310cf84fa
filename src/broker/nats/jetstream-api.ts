import { normalizeConsumerConfig, consumerUpdateError } from './consumer-config';
import { ApiFailure, apiErrors } from './js-api-errors';
import {
  checkStreamUpdate,
  isValidName,
  normalizeStreamConfig,
  sameStreamConfig,
} from './stream-config';
import type { Stream } from './stream';
import { isSubsetMatch, subjectsCollide } from './subject';

/** What the API needs from the JetStream server. */
export interface ApiHost {
  readonly streams: Map<string, Stream>;
  createStream(config: ReturnType<typeof normalizeStreamConfig>): Stream;
  deleteStream(name: string): void;
  /** A new ephemeral consumer name (8 characters, as nats-server's). */
  ephemeralName(): string;
}

type Body = Record<string, unknown>;
const api = (kind: string) => `io.nats.jetstream.api.v1.${kind}`;

/**
 * `$JS.API.…` requests as nats-server 2.9 answers them: the JSON
 * response, or `{ type, error: { code, err_code, description } }`. Returns undefined for a
 * subject the server has no handler for (the request then meets "no responders").
 */
export function handleApi(host: ApiHost, subject: string, body: Body): Body | undefined {
  const t = subject.split('.').slice(2);
  const type = responseType(t);
  if (type === undefined) return undefined;
  try {
    return { type, ...answer(host, t, body, type) };
  } catch (error) {
    if (error instanceof ApiFailure) return { type, error: error.apiError };
    throw error;
  }
}

function responseType(t: string[]): string | undefined {
  const [group, verb, sub] = t;
  if (group === 'INFO' && t.length === 1) return api('account_info_response');
  if (group === 'STREAM') {
    if (verb === 'MSG' && (sub === 'GET' || sub === 'DELETE') && t.length === 4) {
      return api(`stream_msg_${sub.toLowerCase()}_response`);
    }
    if ((verb === 'NAMES' || verb === 'LIST') && t.length === 2) {
      return api(`stream_${verb.toLowerCase()}_response`);
    }
    if (['CREATE', 'UPDATE', 'INFO', 'DELETE', 'PURGE'].includes(verb ?? '') && t.length === 3) {
      return api(`stream_${verb!.toLowerCase()}_response`);
    }
  }
  if (group === 'CONSUMER') {
    if (verb === 'CREATE' && t.length >= 3) return api('consumer_create_response');
    if (verb === 'DURABLE' && sub === 'CREATE') return api('consumer_create_response');
    if ((verb === 'INFO' || verb === 'DELETE') && t.length === 4) {
      return api(`consumer_${verb.toLowerCase()}_response`);
    }
    if ((verb === 'NAMES' || verb === 'LIST') && t.length === 3) {
      return api(`consumer_${verb.toLowerCase()}_response`);
    }
  }
  return undefined;
}

function answer(host: ApiHost, t: string[], body: Body, type: string): Body {
  const [group, verb] = t;
  if (group === 'INFO') return accountInfo(host);
  if (group === 'STREAM') {
    if (verb === 'NAMES') {
      const names = [...host.streams.keys()].filter((n) =>
        matchesSubject(host, n, body['subject']),
      );
      return { total: names.length, offset: 0, limit: 1024, streams: names.length ? names : null };
    }
    if (verb === 'LIST') {
      const infos = [...host.streams.values()]
        .filter((s) => matchesSubject(host, s.name, body['subject']))
        .map((s) => withoutType(s.info(type)));
      return { total: infos.length, offset: 0, limit: 256, streams: infos };
    }
    if (verb === 'MSG') {
      const stream = streamOf(host, t[3]);
      if (t[2] === 'GET') return { message: stream.getMessage(body) };
      stream.deleteMessage(Number(body['seq']));
      return { success: true };
    }
    if (verb === 'CREATE') return createStream(host, t[2]!, body, type);
    const stream = streamOf(host, t[2]);
    if (verb === 'INFO') return withoutType(stream.info(type));
    if (verb === 'UPDATE') {
      if (body['name'] !== stream.name) throw mismatch();
      const next = normalizeStreamConfig(body);
      checkStreamUpdate(stream.config, next);
      checkOverlap(host, next.subjects, stream.name);
      stream.update(next);
      return withoutType(stream.info(type));
    }
    if (verb === 'DELETE') {
      host.deleteStream(stream.name);
      return { success: true };
    }
    const purged = stream.purge(body);
    return { success: true, purged };
  }
  if (verb === 'NAMES' || verb === 'LIST') {
    const stream = streamOf(host, t[2]);
    const consumers = [...stream.consumers.values()].sort((a, b) => a.name.localeCompare(b.name));
    const total = consumers.length;
    if (verb === 'NAMES')
      return { total, offset: 0, limit: 1024, consumers: consumers.map((c) => c.name) };
    return {
      total,
      offset: 0,
      limit: 256,
      consumers: consumers.map((c) => withoutType(c.info(type))),
    };
  }
  if (verb === 'INFO' || verb === 'DELETE') {
    const stream = streamOf(host, t[2]);
    const consumer = stream.consumers.get(t[3]!);
    if (!consumer) throw apiErrors.consumerNotFound();
    if (verb === 'INFO') return withoutType(consumer.info(type));
    stream.deleteConsumer(consumer.name);
    return { success: true };
  }
  return createConsumer(host, t, body, type);
}

function createStream(host: ApiHost, name: string, body: Body, type: string): Body {
  if (body['name'] !== undefined && body['name'] !== name) throw mismatch();
  const config = normalizeStreamConfig({ ...body, name });
  const existing = host.streams.get(name);
  if (existing) {
    if (!sameStreamConfig(existing.config, config)) throw apiErrors.streamNameExist();
    return { ...withoutType(existing.info(type)), did_create: true };
  }
  checkOverlap(host, config.subjects, name);
  return { ...withoutType(host.createStream(config).info(type)), did_create: true };
}

function createConsumer(host: ApiHost, t: string[], body: Body, type: string): Body {
  const raw = (body['config'] ?? {}) as Body;
  let streamName: string;
  let name = '';
  const legacyDurable = t[1] === 'DURABLE';
  if (legacyDurable) {
    if (t.length !== 5) throw apiErrors.durableNameNotInSubject();
    streamName = t[3]!;
    name = t[4]!;
  } else {
    streamName = t[2]!;
    name = t[3] ?? '';
  }
  if (streamName !== body['stream_name']) throw mismatch();
  if (legacyDurable) {
    if (!raw['durable_name']) throw apiErrors.durableNameNotSet();
    if (raw['durable_name'] !== name) throw apiErrors.durableNameNotMatchSubject();
  } else if (name) {
    if (raw['durable_name'] && raw['durable_name'] !== name)
      throw apiErrors.durableNameNotMatchSubject();
    raw['name'] = name;
  } else if (raw['durable_name']) throw apiErrors.ephemeralWithDurableName();
  const stream = streamOf(host, streamName);
  const config = normalizeConsumerConfig(raw, stream.config);
  const consumerName = config.durable_name ?? config.name;
  const existing = consumerName ? stream.consumers.get(consumerName) : undefined;
  if (existing) {
    const error = consumerUpdateError(existing.config, config);
    if (error) throw apiErrors.consumerCreate(error);
    existing.update(config);
    return withoutType(existing.info(type));
  }
  if (stream.config.max_consumers > 0 && stream.consumers.size >= stream.config.max_consumers) {
    throw apiErrors.maximumConsumers();
  }
  if (stream.config.retention === 'workqueue') checkWorkQueue(stream, config);
  const created = stream.addConsumer(consumerName ?? host.ephemeralName(), config);
  return withoutType(created.info(type));
}

function checkWorkQueue(stream: Stream, config: ReturnType<typeof normalizeConsumerConfig>): void {
  if (config.ack_policy !== 'explicit') throw apiErrors.wqRequiresExplicitAck();
  if (stream.consumers.size > 0) {
    const filter = config.filter_subject ?? config.filter_subjects?.[0];
    if (!filter) throw apiErrors.wqMultipleUnfiltered();
    for (const other of stream.consumers.values()) {
      const theirs = other.config.filter_subject ?? other.config.filter_subjects?.[0];
      if (!theirs || isSubsetMatch(theirs, filter) || isSubsetMatch(filter, theirs)) {
        throw apiErrors.wqNotUnique();
      }
    }
  }
  if (config.deliver_policy !== 'all') throw apiErrors.wqNotDeliverAll();
}

function streamOf(host: ApiHost, name: string | undefined): Stream {
  const stream = isValidName(name) ? host.streams.get(name) : undefined;
  if (!stream) throw apiErrors.streamNotFound();
  return stream;
}

function checkOverlap(host: ApiHost, subjects: readonly string[], self: string): void {
  for (const other of host.streams.values()) {
    if (other.name === self) continue;
    for (const a of subjects) {
      for (const b of other.config.subjects)
        if (subjectsCollide(a, b)) throw apiErrors.streamSubjectOverlap();
    }
  }
}

function matchesSubject(host: ApiHost, name: string, subject: unknown): boolean {
  if (typeof subject !== 'string' || subject === '') return true;
  return host.streams.get(name)!.config.subjects.some((s) => subjectsCollide(s, subject));
}

function mismatch(): ApiFailure {
  return new ApiFailure({
    code: 400,
    err_code: 10056,
    description: 'stream name in subject does not match request',
  });
}

function withoutType(info: Body): Body {
  const rest = { ...info };
  delete rest['type'];
  return rest;
}

function accountInfo(host: ApiHost): Body {
  let memory = 0;
  let storage = 0;
  let consumers = 0;
  for (const stream of host.streams.values()) {
    if (stream.config.storage === 'memory') memory += stream.store.bytes;
    else storage += stream.store.bytes;
    consumers += stream.consumers.size;
  }
  return {
    memory,
    storage,
    streams: host.streams.size,
    consumers,
    limits: {
      max_memory: -1,
      max_storage: -1,
      max_streams: -1,
      max_consumers: -1,
      max_ack_pending: -1,
      memory_max_stream_bytes: -1,
      storage_max_stream_bytes: -1,
      max_bytes_required: false,
    },
    api: { total: 0, errors: 0 },
  };
}
