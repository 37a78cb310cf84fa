import { ConsumerMessages, type PullOptions } from './consumer-messages';
import type { ConsumerAPI, ConsumerInfo as Info } from './jetstream-manager';
import type { JsMsgImpl } from './js-msg';
import { InvalidArgumentError, InvalidOperationError } from './nats-errors';

/** Where an ordered consumer got to: the last stream and delivery sequences it saw. */
export interface OrderedState {
  cursor: { stream_seq: number; deliver_seq: number };
}

/**
 * A pull consumer handle (`PullConsumerImpl` of `lib/consumer.js`): `fetch()` a batch,
 * `consume()` continuously, `next()` one message (or null when none came in `expires`),
 * `info()`, `delete()`. An ordered consumer (`js.consumers.get(stream)` without a name) is an
 * ephemeral ack-none consumer the client recreates from the next sequence whenever it sees a
 * gap, so its messages arrive once and in order.
 */
export class PullConsumerImpl {
  name: string;
  readonly stream: string;
  serial = 1;
  orderedState: OrderedState | undefined;
  private type: '' | 'fetch' | 'consume' = '';
  private messages: ConsumerMessages | undefined;

  constructor(
    readonly api: ConsumerAPI,
    public info_: Info,
    readonly ordered = false,
    private readonly orderedOpts: Record<string, unknown> = {},
  ) {
    this.name = String(info_['name']);
    this.stream = String(info_['stream_name']);
  }

  isPullConsumer(): boolean {
    return true;
  }

  isPushConsumer(): boolean {
    return false;
  }

  consume(opts: PullOptions = { max_messages: 100, expires: 30_000 }): Promise<ConsumerMessages> {
    if (this.ordered) {
      if (opts['bind'])
        return Promise.reject(InvalidArgumentError.format('bind', 'is not supported'));
      if (this.type === 'fetch') {
        return Promise.reject(new InvalidOperationError('ordered consumer initialized as fetch'));
      }
      if (this.type === 'consume') {
        return Promise.reject(
          new InvalidOperationError("ordered consumer doesn't support concurrent consume"),
        );
      }
      this.type = 'consume';
    }
    try {
      return Promise.resolve(new ConsumerMessages(this, { ...opts }, true));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  fetch(opts: PullOptions = { max_messages: 100, expires: 30_000 }): Promise<ConsumerMessages> {
    if (this.ordered) {
      if (this.type === 'consume') {
        return Promise.reject(
          new InvalidOperationError('ordered consumer already initialized as consume'),
        );
      }
      if (this.messages?.done === false) {
        return Promise.reject(
          new InvalidOperationError("ordered consumer doesn't support concurrent fetch"),
        );
      }
      this.type = 'fetch';
    }
    try {
      const messages = new ConsumerMessages(this, { ...opts }, false);
      if (this.ordered) this.messages = messages;
      return Promise.resolve(messages);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  async next(opts: PullOptions = { expires: 30_000 }): Promise<JsMsgImpl | null> {
    const iterator = await this.fetch({ ...opts, max_messages: 1 });
    for await (const m of iterator) return m;
    return null;
  }

  delete(): Promise<boolean> {
    return this.api.delete(this.stream, this.name);
  }

  async info(cached = false): Promise<Info> {
    if (cached) return this.info_;
    this.info_ = await this.api.info(this.stream, this.name);
    return this.info_;
  }

  /** The configuration of the next consumer in an ordered consumer's series. */
  nextOrderedConfig(): Record<string, unknown> {
    this.serial++;
    const prefix = String(this.orderedOpts['name_prefix']);
    const config: Record<string, unknown> = {
      ...this.info_.config,
      name: `${prefix}_${this.serial}`,
      deliver_policy: 'by_start_sequence',
      opt_start_seq: (this.orderedState?.cursor.stream_seq ?? 0) + 1,
      ack_policy: 'none',
      inactive_threshold: 5 * 60 * 1000 * 1_000_000,
      num_replicas: 1,
    };
    delete config['metadata'];
    return config;
  }
}
