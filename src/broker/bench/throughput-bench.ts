import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { createBroker } from '../create-broker';
import { toBuffer } from '../core/bytes';

/** What one throughput run measured. */
export interface ThroughputResult {
  readonly model: 'amqp' | 'redis';
  readonly messages: number;
  readonly ms: number;
  readonly perSecond: number;
  /** Trace events the subscriber saw (the trace is on during the run). */
  readonly traceEvents: number;
}

/** Options of {@link runThroughputBench}. */
export interface ThroughputOptions {
  readonly model: 'amqp' | 'redis';
  readonly messages?: number;
  /** Messages published before waiting for them to be consumed. */
  readonly batch?: number;
  readonly scheduler?: SchedulerLike;
}

/**
 * Measures publish → route → deliver (→ ack for AMQP) throughput with a trace subscriber
 * attached, for `npm run bench`. Batches keep the queue under the broker's memory cap.
 *
 * @example
 * const result = await runThroughputBench({ model: 'amqp', messages: 300_000 });
 * console.log(`${Math.round(result.perSecond)} msg/s`);
 */
export async function runThroughputBench(options: ThroughputOptions): Promise<ThroughputResult> {
  const messages = options.messages ?? 300_000;
  const batch = options.batch ?? 5_000;
  const broker = createBroker({ scheduler: options.scheduler ?? asyncScheduler, seed: 1 });
  let traceEvents = 0;
  const subscription = broker.trace$.subscribe(() => traceEvents++);
  let received = 0;
  let wake: (() => void) | undefined;
  let target = 0;
  const onMessage = (): void => {
    received++;
    if (received >= target && wake) {
      const w = wake;
      wake = undefined;
      w();
    }
  };
  const waitFor = (count: number): Promise<void> => {
    target = count;
    if (received >= count) return Promise.resolve();
    return new Promise((resolve) => (wake = resolve));
  };
  const payload = toBuffer('{"orderId":"o-1","total":42}');
  let publish: () => void;
  let cleanup: () => Promise<void>;

  if (options.model === 'amqp') {
    const connection = await broker.amqp.connect();
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.prefetch(1000);
    await channel.consume(queue, (message) => {
      if (message) channel.ack(message);
      onMessage();
    });
    publish = () => channel.sendToQueue(queue, payload);
    cleanup = () => connection.close();
  } else {
    const pub = broker.redis({ connectionName: 'bench-pub' });
    const sub = broker.redis({ connectionName: 'bench-sub' });
    await sub.subscribe('bench');
    sub.on('message', onMessage);
    const text = payload.toString();
    publish = () => void pub.publish('bench', text);
    cleanup = () => {
      pub.disconnect();
      sub.disconnect();
      return Promise.resolve();
    };
  }

  const started = now();
  for (let sent = 0; sent < messages;) {
    const n = Math.min(batch, messages - sent);
    for (let i = 0; i < n; i++) publish();
    sent += n;
    await waitFor(sent);
  }
  const ms = now() - started;
  await cleanup();
  subscription.unsubscribe();
  broker.close();
  return { model: options.model, messages, ms, perSecond: (messages / ms) * 1000, traceEvents };
}

function now(): number {
  return typeof performance === 'undefined' ? Date.now() : performance.now();
}
