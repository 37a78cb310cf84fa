// What every RabbitMQ conformance file uses: a connection with its channel and recorded errors,
// queues and exchanges unique to the run (deleted afterwards), consumers that record.
import { describeError, type ChannelLike, type MessageLike, type ScenarioEnv } from './harness';
import { toBuffer } from '../../src/broker/core/bytes';

/** The amqplib channel methods beyond the harness's common slice that these scenarios call. */
export type FullChannel = ChannelLike & {
  bindExchange(destination: string, source: string, key: string, args?: object): Promise<unknown>;
  unbindExchange(destination: string, source: string, key: string, args?: object): Promise<unknown>;
  bindQueue(queue: string, exchange: string, key: string, args?: object): Promise<unknown>;
  purgeQueue(queue: string): Promise<{ messageCount: number }>;
  cancel(tag: string): Promise<unknown>;
  recover(): Promise<unknown>;
  unbindQueue(queue: string, exchange: string, key: string, args?: object): Promise<unknown>;
  checkExchange(exchange: string): Promise<unknown>;
};

/** A connection plus one channel; errors are recorded, not thrown; both closed at the end. */
export async function open(env: ScenarioEnv) {
  const connection = await env.connect();
  const connectionErrors: string[] = [];
  connection.on('error', (e: Error) => connectionErrors.push(e.message));
  env.cleanup(() => connection.close());
  const channel = (await connection.createChannel()) as FullChannel;
  const channelErrors: ReturnType<typeof describeError>[] = [];
  const events: string[] = [];
  channel.on('error', (e: Error) => channelErrors.push(describeError(e)));
  channel.on('close', () => events.push('close'));
  return { connection, channel, channelErrors, connectionErrors, events };
}

/** A fresh queue that is deleted afterwards (on a channel of its own, so errors don't stop it). */
export async function queue(
  env: ScenarioEnv,
  channel: ChannelLike,
  suffix: string,
  options: object = {},
) {
  const name = env.name(suffix);
  await channel.assertQueue(name, { durable: false, ...options });
  env.cleanup(async () => {
    const connection = await env.connect();
    const ch = await connection.createChannel();
    await ch.deleteQueue(name);
    await connection.close();
  });
  return name;
}

export async function exchange(
  env: ScenarioEnv,
  channel: ChannelLike,
  suffix: string,
  type: string,
  options: object = {},
) {
  const name = env.name(suffix);
  await channel.assertExchange(name, type, { durable: false, ...options });
  env.cleanup(async () => {
    const connection = await env.connect();
    const ch = await connection.createChannel();
    await ch.deleteExchange(name);
    await connection.close();
  });
  return name;
}

/** Consumes and records; acks unless `ack: false`. */
export async function consumer(
  channel: ChannelLike,
  name: string,
  options: { ack?: boolean; noAck?: boolean } = {},
) {
  const got: MessageLike[] = [];
  await channel.consume(
    name,
    (m) => {
      if (!m) return;
      got.push(m);
      if (options.ack !== false && !options.noAck) channel.ack(m);
    },
    { noAck: options.noAck ?? false },
  );
  return got;
}

export const bodies = (messages: MessageLike[]) => messages.map((m) => m.content.toString());
// Node's Buffer where there is one (here, always): what amqplib itself insists on.
export const buf = (text: string) => toBuffer(text);

/** Takes every ready message of a queue (no ack needed), as `body` or `body/priority`. */
export async function drain(channel: ChannelLike, queue: string): Promise<string[]> {
  const out: string[] = [];
  for (
    let m = await channel.get(queue, { noAck: true });
    m;
    m = await channel.get(queue, { noAck: true })
  ) {
    out.push(m.content.toString());
  }
  return out;
}

/** Runs an RPC and gives its outcome as data: `ok` or the error amqplib rejected with. */
export async function attempt(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    return describeError(error);
  }
}

/** A second connection and channel, for work the scenario's own channel must not fail on. */
export async function spare(env: ScenarioEnv) {
  const connection = await env.connect();
  env.cleanup(() => connection.close());
  const channel = (await connection.createChannel()) as FullChannel;
  channel.on('error', () => undefined);
  return channel;
}
