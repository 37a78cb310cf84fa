import type { NatsConnectionImpl } from './connection';
import { JsApiClient, type JetStreamOptions } from './js-api-client';
import { JetStreamError, JetStreamNotEnabled, parseJsResponse, validateName } from './js-errors';
import {
  ConsumerAPI,
  JetStreamManager,
  StreamAPI,
  streamHandle,
  type ConsumerInfo,
} from './jetstream-manager';
import { headers, type MsgHdrsImpl } from './headers';
import { RequestError } from './nats-errors';
import { refusing } from './not-modelled';
import { PullConsumerImpl } from './pull-consumer';

/** `js.publish()` options the simulator reads (JetStreamPublishOptions). */
export interface JetStreamPublishOptions {
  msgID?: string;
  timeout?: number;
  headers?: MsgHdrsImpl;
  expect?: {
    lastMsgID?: string;
    streamName?: string;
    lastSequence?: number;
    lastSubjectSequence?: number;
  };
  [option: string]: unknown;
}

const publishOptions = new Set(['msgID', 'timeout', 'headers', 'expect', 'retries']);

/**
 * `jetstream(nc)` (`JetStreamClientImpl` of `lib/jsclient.js`): `publish()` is a request on
 * the subject with the `Nats-Msg-Id` / `Nats-Expected-*` headers, answered with the stream's
 * PubAck `{ stream, seq, duplicate }`; `consumers.get()` gives pull consumers (named, or
 * ordered when no name is given); `streams.get()` a stream handle.
 */
export class JetStreamClient extends JsApiClient {
  readonly consumers;
  readonly streams;
  readonly startBatch = refusing(
    'js.startBatch()',
    'publish the messages one by one with js.publish()',
  );
  readonly startFastIngest = refusing(
    'js.startFastIngest()',
    'publish the messages one by one with js.publish()',
  );
  private readonly consumerAPI: ConsumerAPI;
  private readonly streamAPI: StreamAPI;

  constructor(nc: NatsConnectionImpl, opts: JetStreamOptions = {}) {
    super(nc, opts);
    this.consumerAPI = new ConsumerAPI(nc, opts);
    this.streamAPI = new StreamAPI(nc, opts);
    const consumerAPI = this.consumerAPI;
    const streamAPI = this.streamAPI;
    this.consumers = {
      get: (stream: string, name?: string | Record<string, unknown>) =>
        this.getConsumer(stream, name),
      getConsumerFromInfo: (info: ConsumerInfo) => new PullConsumerImpl(consumerAPI, info),
      getPushConsumer: refusing(
        'js.consumers.getPushConsumer()',
        'use a pull consumer: js.consumers.get(stream, name)',
      ),
      getBoundPushConsumer: refusing(
        'js.consumers.getBoundPushConsumer()',
        'use a pull consumer: js.consumers.get(stream, name)',
      ),
    };
    this.streams = {
      get: async (name: string) => streamHandle(streamAPI, await streamAPI.info(name)),
    };
  }

  get apiPrefix(): string {
    return this.prefix;
  }

  jetstreamManager(): Promise<JetStreamManager> {
    return Promise.resolve(new JetStreamManager(this.nc, this.opts, () => this));
  }

  async publish(subject: string, data?: unknown, opts: JetStreamPublishOptions = {}) {
    for (const key of Object.keys(opts)) {
      if (!publishOptions.has(key) && opts[key] !== undefined) {
        refusing(
          `js.publish option '${key}'`,
          'the simulator models msgID, expect, headers and timeout',
        )();
      }
    }
    const h = opts.headers ?? headers();
    const expect = opts.expect ?? {};
    if (opts.msgID) h.set('Nats-Msg-Id', opts.msgID);
    if (expect.lastMsgID) h.set('Nats-Expected-Last-Msg-Id', expect.lastMsgID);
    if (expect.streamName) h.set('Nats-Expected-Stream', expect.streamName);
    if (typeof expect.lastSequence === 'number')
      h.set('Nats-Expected-Last-Sequence', `${expect.lastSequence}`);
    if (typeof expect.lastSubjectSequence === 'number') {
      h.set('Nats-Expected-Last-Subject-Sequence', `${expect.lastSubjectSequence}`);
    }
    let answer;
    try {
      answer = await this.nc.request(subject, data, {
        timeout: opts.timeout || this.timeout,
        headers: h,
      });
    } catch (error) {
      if (error instanceof RequestError && error.isNoResponders()) {
        throw new JetStreamNotEnabled('jetstream is not enabled', { cause: error });
      }
      throw error;
    }
    const ack = parseJsResponse<{
      stream: string;
      seq: number;
      duplicate?: boolean;
      domain?: string;
    }>(answer);
    if (ack.stream === '') throw new JetStreamError('invalid ack response');
    ack.duplicate = ack.duplicate ? ack.duplicate : false;
    return ack;
  }

  private async getConsumer(stream: string, name?: string | Record<string, unknown>) {
    if (typeof name === 'string') {
      const info = await this.consumerAPI.info(stream, name);
      if (typeof info.config['deliver_subject'] === 'string')
        throw new Error('not a pull consumer');
      return new PullConsumerImpl(this.consumerAPI, info);
    }
    return this.ordered(stream, name ?? {});
  }

  /** `js.consumers.get(stream, opts?)` with no name: an ordered consumer (`ConsumersImpl.ordered`). */
  private async ordered(stream: string, opts: Record<string, unknown>) {
    await this.streamAPI.info(stream);
    if (typeof opts['name_prefix'] === 'string') validateName('name_prefix', opts['name_prefix']);
    const prefix = (opts['name_prefix'] as string | undefined) || this.nc.environment.nuid.next();
    const config: Record<string, unknown> = {
      name: `${prefix}_1`,
      deliver_policy: 'by_start_sequence',
      opt_start_seq: opts['opt_start_seq'] || 1,
      ack_policy: 'none',
      inactive_threshold: 5 * 60 * 1000 * 1_000_000,
      num_replicas: 1,
      mem_storage: true,
    };
    if (opts['headers_only'] === true) config['headers_only'] = true;
    if (Array.isArray(opts['filter_subjects'])) config['filter_subjects'] = opts['filter_subjects'];
    if (typeof opts['filter_subjects'] === 'string')
      config['filter_subject'] = opts['filter_subjects'];
    const policy = opts['deliver_policy'] as string | undefined;
    config['deliver_policy'] = policy || 'by_start_sequence';
    if (
      policy === 'all' ||
      policy === 'last_per_subject' ||
      policy === 'new' ||
      policy === 'last'
    ) {
      delete config['opt_start_seq'];
      config['deliver_policy'] = policy;
    }
    if (
      config['deliver_policy'] === 'last_per_subject' &&
      config['filter_subjects'] === undefined &&
      config['filter_subject'] === undefined
    ) {
      config['filter_subject'] = '>';
    }
    if (opts['opt_start_time']) {
      delete config['opt_start_seq'];
      config['deliver_policy'] = 'by_start_time';
      config['opt_start_time'] = opts['opt_start_time'];
    }
    if (opts['inactive_threshold'])
      config['inactive_threshold'] = Number(opts['inactive_threshold']) * 1_000_000;
    const info = await this.consumerAPI.add(stream, config);
    return new PullConsumerImpl(this.consumerAPI, info, true, { ...opts, name_prefix: prefix });
  }
}
