import type { NatsConnectionImpl } from './connection';
import { JsApiClient, refuseUnmodelled, type JetStreamOptions } from './js-api-client';
import { isMessageNotFound, StreamNotFoundError, validateName } from './js-errors';
import { InvalidArgumentError } from './nats-errors';
import { refusing } from './not-modelled';
import { StoredMsg, type StoredMessageJson } from './stored-msg';

/** Stream info as the server answers it: `config`, `state`, `created`. */
export type StreamInfo = Record<string, unknown> & {
  config: Record<string, unknown>;
  state: Record<string, unknown>;
};
/** Consumer info as the server answers it: `name`, `config`, `delivered`, `ack_floor`… */
export type ConsumerInfo = Record<string, unknown> & {
  name: string;
  config: Record<string, unknown>;
};
type Info = StreamInfo;

const streamFields = new Set([
  'name',
  'description',
  'subjects',
  'retention',
  'max_consumers',
  'max_msgs',
  'max_bytes',
  'max_age',
  'max_msgs_per_subject',
  'max_msg_size',
  'discard',
  'discard_new_per_subject',
  'storage',
  'num_replicas',
  'no_ack',
  'duplicate_window',
  'deny_delete',
  'deny_purge',
]);
const streamDefaults = {
  num_replicas: 1,
  compression: 'none',
  first_seq: 0,
  allow_direct: false,
  mirror_direct: false,
};
export const consumerFields = new Set([
  'durable_name',
  'name',
  'description',
  'deliver_policy',
  'opt_start_seq',
  'opt_start_time',
  'ack_policy',
  'ack_wait',
  'max_deliver',
  'backoff',
  'filter_subject',
  'filter_subjects',

  'max_waiting',
  'max_ack_pending',
  'headers_only',
  'inactive_threshold',
  'num_replicas',
  'mem_storage',
]);
const consumerDefaults = { replay_policy: 'instant', num_replicas: 1 };

/** `jsm.streams` (`lib/jsmstream_api.js`): streams and their messages. */
export class StreamAPI extends JsApiClient {
  async add(cfg: Record<string, unknown>): Promise<Info> {
    refuseUnmodelled('stream configuration', cfg, streamFields, streamDefaults);
    validateName('stream', cfg['name'] as string | undefined);
    return fixInfo(
      await this._request<Info>(`${this.prefix}.STREAM.CREATE.${String(cfg['name'])}`, cfg),
    );
  }

  async update(name: string, cfg: Record<string, unknown> = {}): Promise<Info> {
    refuseUnmodelled('stream configuration', cfg, streamFields, streamDefaults);
    validateName('stream', name);
    const old = await this.info(name);
    const update = Object.assign(old.config, cfg);
    return fixInfo(await this._request<Info>(`${this.prefix}.STREAM.UPDATE.${name}`, update));
  }

  async info(name: string, data?: unknown): Promise<Info> {
    validateName('stream', name);
    return fixInfo(await this._request<Info>(`${this.prefix}.STREAM.INFO.${name}`, data));
  }

  async delete(name: string): Promise<boolean> {
    validateName('stream', name);
    return (await this._request<{ success: boolean }>(`${this.prefix}.STREAM.DELETE.${name}`))
      .success;
  }

  async purge(name: string, opts?: { filter?: string; seq?: number; keep?: number }) {
    if (opts && typeof opts.keep === 'number' && typeof opts.seq === 'number') {
      throw InvalidArgumentError.format(['keep', 'seq'], 'are mutually exclusive');
    }
    validateName('stream', name);
    return this._request<{ success: boolean; purged: number }>(
      `${this.prefix}.STREAM.PURGE.${name}`,
      opts,
    );
  }

  async deleteMessage(stream: string, seq: number, erase = true): Promise<boolean> {
    validateName('stream', stream);
    const body: Record<string, unknown> = { seq };
    if (!erase) body['no_erase'] = true;
    return (
      await this._request<{ success: boolean }>(`${this.prefix}.STREAM.MSG.DELETE.${stream}`, body)
    ).success;
  }

  async getMessage(stream: string, query: Record<string, unknown>): Promise<StoredMsg | null> {
    validateName('stream', stream);
    try {
      const r = await this._request<{ message: StoredMessageJson }>(
        `${this.prefix}.STREAM.MSG.GET.${stream}`,
        query,
      );
      return new StoredMsg(r.message);
    } catch (error) {
      if (isMessageNotFound(error)) return null;
      throw error;
    }
  }

  list(subject = ''): Lister<Info, { streams: Info[] }> {
    return new Lister(
      () =>
        this._request<{ streams: Info[] }>(
          `${this.prefix}.STREAM.LIST`,
          subject ? { subject } : {},
        ),
      (r) => r.streams.map(fixInfo),
    );
  }

  names(subject = ''): Lister<string, { streams: string[] | null }> {
    return new Lister(
      () =>
        this._request<{ streams: string[] | null }>(
          `${this.prefix}.STREAM.NAMES`,
          subject ? { subject } : {},
        ),
      (r) => r.streams ?? [],
    );
  }

  async find(subject: string): Promise<string> {
    const r = await this._request<{ streams: string[] | null }>(`${this.prefix}.STREAM.NAMES`, {
      subject,
    });
    if (!r.streams || r.streams.length !== 1) {
      throw new StreamNotFoundError({
        err_code: 10059,
        description: 'no stream matches subject',
        code: 404,
      });
    }
    return r.streams[0]!;
  }

  async get(name: string) {
    const info = await this.info(name);
    return streamHandle(this, info);
  }
}

/** `jsm.consumers` (`lib/jsmconsumer_api.js`). */
export class ConsumerAPI extends JsApiClient {
  readonly pause = refusing('jsm.consumers.pause()', 'stop fetching from the consumer instead');
  readonly resume = refusing('jsm.consumers.resume()', 'stop fetching from the consumer instead');
  readonly unpin = refusing('jsm.consumers.unpin()', 'priority groups are not modelled');
  readonly reset = refusing('jsm.consumers.reset()', 'delete the consumer and add it again');

  async add(stream: string, cfg: Record<string, unknown>): Promise<ConsumerInfo> {
    validateName('stream', stream);
    if (
      cfg['deliver_subject'] !== undefined ||
      cfg['deliver_group'] !== undefined ||
      cfg['idle_heartbeat'] !== undefined ||
      cfg['flow_control']
    ) {
      refusing(
        'push consumers (deliver_subject)',
        'use a pull consumer: js.consumers.get(stream, name).consume()',
      )();
    }
    refuseUnmodelled('consumer configuration', cfg, consumerFields, consumerDefaults);
    if (cfg['durable_name']) validateName('durable', cfg['durable_name'] as string);
    const name = (cfg['name'] || undefined) as string | undefined;
    if (name) {
      try {
        validateName('name', name);
      } catch (error) {
        const m = (error as Error).message;
        const idx = m.indexOf('cannot contain');
        throw idx === -1 ? error : new Error(`consumer 'name' ${m.substring(idx)}`);
      }
    }
    let subject: string;
    const consumerName = Array.isArray(cfg['filter_subjects'])
      ? ''
      : (name ?? (cfg['durable_name'] as string | undefined) ?? '');
    if (consumerName !== '') {
      const fs =
        cfg['filter_subject'] === '>' ? undefined : (cfg['filter_subject'] as string | undefined);
      subject =
        fs !== undefined
          ? `${this.prefix}.CONSUMER.CREATE.${stream}.${consumerName}.${fs}`
          : `${this.prefix}.CONSUMER.CREATE.${stream}.${consumerName}`;
    } else {
      const durable = typeof cfg['durable_name'] === 'string' ? cfg['durable_name'] : '';
      subject = durable
        ? `${this.prefix}.CONSUMER.DURABLE.CREATE.${stream}.${durable}`
        : `${this.prefix}.CONSUMER.CREATE.${stream}`;
    }
    return this._request<ConsumerInfo>(subject, {
      config: cfg,
      stream_name: stream,
      action: 'create',
      pedantic: false,
    });
  }

  async update(
    stream: string,
    durable: string,
    cfg: Record<string, unknown>,
  ): Promise<ConsumerInfo> {
    const info = await this.info(stream, durable);
    return this.add(stream, Object.assign(info.config, cfg));
  }

  async info(stream: string, name: string): Promise<ConsumerInfo> {
    validateName('stream', stream);
    validateName('durable', name);
    return this._request<ConsumerInfo>(`${this.prefix}.CONSUMER.INFO.${stream}.${name}`);
  }

  async delete(stream: string, name: string): Promise<boolean> {
    validateName('stream', stream);
    validateName('durable', name);
    return (
      await this._request<{ success: boolean }>(`${this.prefix}.CONSUMER.DELETE.${stream}.${name}`)
    ).success;
  }

  list(stream: string): Lister<ConsumerInfo, { consumers: ConsumerInfo[] }> {
    validateName('stream', stream);
    return new Lister(
      () =>
        this._request<{ consumers: ConsumerInfo[] }>(`${this.prefix}.CONSUMER.LIST.${stream}`, {
          offset: 0,
        }),
      (r) => r.consumers,
    );
  }
}

/** A paged listing (`lib/jslister.js`): `next()` pages, or `for await` over every item. */
export class Lister<T, P = unknown> implements AsyncIterable<T> {
  private done = false;

  constructor(
    private readonly fetchPage: () => Promise<P>,
    private readonly items: (page: P) => T[],
  ) {}

  async next(): Promise<T[]> {
    if (this.done) return [];
    this.done = true;
    return this.items(await this.fetchPage());
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (const item of await this.next()) yield item;
  }
}

/** The client fills in what older servers leave out (`_fixInfo`). */
function fixInfo(info: Info): Info {
  const c = info.config;
  c['sealed'] = c['sealed'] || false;
  c['deny_delete'] = c['deny_delete'] || false;
  c['deny_purge'] = c['deny_purge'] || false;
  c['allow_rollup_hdrs'] = c['allow_rollup_hdrs'] || false;
  return info;
}

/** `jsm.streams.get(name)`: a handle on one stream. */
export function streamHandle(api: StreamAPI, initial: Info) {
  let info = initial;
  const name = String(initial.config['name']);
  return {
    name,
    info: async (cached = false) => (cached ? info : (info = await api.info(name))),
    getMessage: (query: Record<string, unknown>) => api.getMessage(name, query),
    deleteMessage: (seq: number, erase?: boolean) => api.deleteMessage(name, seq, erase),
    alternates: () => Promise.resolve([]),
    best(): Promise<unknown> {
      return Promise.resolve(this);
    },
    getConsumer: refusing('stream.getConsumer()', 'use js.consumers.get(stream, name)'),
    getPushConsumer: refusing(
      'stream.getPushConsumer()',
      'use a pull consumer: js.consumers.get(stream, name)',
    ),
    resetConsumer: refusing('stream.resetConsumer()', 'delete the consumer and add it again'),
  };
}

/** `await jetstreamManager(nc)`: streams, consumers, account info. */
export class JetStreamManager extends JsApiClient {
  readonly streams: StreamAPI;
  readonly consumers: ConsumerAPI;
  readonly direct = new Proxy(
    {},
    { get: (_t, key) => refusing(`jsm.direct.${String(key)}()`, 'use jsm.streams.getMessage()') },
  );
  readonly advisories = refusing(
    'jsm.advisories()',
    'watch the broker trace, which shows every hop',
  );

  constructor(
    nc: NatsConnectionImpl,
    opts: JetStreamOptions,
    private readonly makeClient: () => unknown,
  ) {
    super(nc, opts);
    this.streams = new StreamAPI(nc, opts);
    this.consumers = new ConsumerAPI(nc, opts);
  }

  getAccountInfo(): Promise<Record<string, unknown>> {
    return this._request(`${this.prefix}.INFO`);
  }

  jetstream(): unknown {
    return this.makeClient();
  }

  getOptions(): JetStreamOptions {
    return { ...this.opts };
  }
}
