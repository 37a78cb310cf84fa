/**
 * Runs one scenario, written against the ioredis/amqplib APIs, on the simulator and on the real
 * broker, so the test can demand the two observable outcomes be deep-equal.
 */
import RealRedis from 'ioredis';
import * as realAmqp from 'amqplib';
import * as realNats from '@nats-io/transport-node';
import * as realJetStream from '@nats-io/jetstream';
import { expect, it } from 'vitest';
import { createBroker, type Broker } from '../../src/broker/index';

export const redisAddress = { host: '127.0.0.1', port: 6379 };
export const amqpUrl = 'amqp://guest:guest@127.0.0.1:5672';

/** The slice of an ioredis client the scenarios use (both the real one and the simulator's). */
export interface RedisLike {
  publish(channel: string, message: string): Promise<number>;
  subscribe(...channels: string[]): Promise<number>;
  psubscribe(...patterns: string[]): Promise<unknown>;
  unsubscribe(...channels: string[]): Promise<unknown>;
  punsubscribe(...patterns: string[]): Promise<unknown>;
  ping(): Promise<unknown>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ...args: (string | number)[]): Promise<unknown>;
  incr(key: string): Promise<number>;
  del(...keys: string[]): Promise<number>;
  sadd(key: string, ...members: string[]): Promise<number>;
  sismember(key: string, member: string): Promise<number>;
  on(event: string, listener: (...args: never[]) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
  // Keys of any type, streams included.
  type(key: string): Promise<string>;
  exists(...keys: string[]): Promise<number>;
  expire(key: string, seconds: number): Promise<number>;
  ttl(key: string): Promise<number>;
  // Redis Streams.
  xadd(key: string, ...args: (string | number)[]): Promise<string | null>;
  xlen(key: string): Promise<number>;
  xrange(key: string, ...args: (string | number)[]): Promise<unknown>;
  xrevrange(key: string, ...args: (string | number)[]): Promise<unknown>;
  xdel(key: string, ...ids: string[]): Promise<number>;
  xtrim(key: string, ...args: (string | number)[]): Promise<number>;
  xread(...args: (string | number)[]): Promise<unknown>;
  xreadgroup(...args: (string | number)[]): Promise<unknown>;
  xgroup(...args: (string | number)[]): Promise<unknown>;
  xack(key: string, group: string, ...ids: string[]): Promise<number>;
  xpending(key: string, group: string, ...args: (string | number)[]): Promise<unknown>;
  xclaim(key: string, ...args: (string | number)[]): Promise<unknown>;
  xautoclaim(key: string, ...args: (string | number)[]): Promise<unknown>;
  xinfo(...args: (string | number)[]): Promise<unknown>;
}

/** The slice of an amqplib message the scenarios read. */
export interface MessageLike {
  content: { toString(): string };
  fields: Record<string, unknown>;
  properties: { headers?: Record<string, unknown> } & Record<string, unknown>;
}

/** The slice of an amqplib channel the scenarios use. */
export interface ChannelLike {
  assertQueue(
    queue: string,
    options?: object,
  ): Promise<{ queue: string; messageCount: number; consumerCount: number }>;
  checkQueue(
    queue: string,
  ): Promise<{ queue: string; messageCount: number; consumerCount: number }>;
  deleteQueue(queue: string): Promise<unknown>;
  bindQueue(queue: string, exchange: string, key: string): Promise<unknown>;
  assertExchange(exchange: string, type: string, options?: object): Promise<unknown>;
  deleteExchange(exchange: string): Promise<unknown>;
  publish(exchange: string, key: string, content: unknown, options?: object): boolean;
  sendToQueue(queue: string, content: unknown, options?: object): boolean;
  consume(
    queue: string,
    onMessage: (m: MessageLike | null) => void,
    options?: object,
  ): Promise<{ consumerTag: string }>;
  get(queue: string, options?: object): Promise<MessageLike | false>;
  ack(message: MessageLike, allUpTo?: boolean): void;
  nack(message: MessageLike, allUpTo?: boolean, requeue?: boolean): void;
  reject(message: MessageLike, requeue?: boolean): void;
  prefetch(count: number): Promise<unknown>;
  close(): Promise<void>;
  on(event: string, listener: (...args: never[]) => void): unknown;
}

export interface ConnectionLike {
  createChannel(): Promise<ChannelLike>;
  close(): Promise<void>;
  on(event: string, listener: (...args: never[]) => void): unknown;
}

/** What a scenario gets: client constructors, unique names, and patient waiting. */
export interface ScenarioEnv {
  readonly target: 'simulator' | 'real';
  redis(options?: { connectionName?: string; protocol?: 2 | 3 }): RedisLike;
  connect(): Promise<ConnectionLike>;
  /** A name unique to this run, so runs never see each other's queues or channels. */
  name(suffix: string): string;
  /** Resolves once `done()` holds, or after `timeoutMs` (then the outcome shows what was missing). */
  until(done: () => boolean, timeoutMs?: number): Promise<void>;
  /** Waits a fixed time, for "nothing more arrives" checks. */
  pause(ms: number): Promise<void>;
  /** Runs at the end whatever happens (closing clients, deleting queues). */
  cleanup(task: () => unknown): void;
}

export type Scenario = (env: ScenarioEnv) => Promise<unknown>;

const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

function baseEnv(target: ScenarioEnv['target'], scenario: string, cleanups: (() => unknown)[]) {
  return {
    target,
    name: (suffix: string) => `conf.${runId}.${scenario}.${suffix}`,
    async until(done: () => boolean, timeoutMs = 1500) {
      const end = Date.now() + timeoutMs;
      while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    },
    pause: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    cleanup: (task: () => unknown) => void cleanups.push(task),
  };
}

async function runCleanups(cleanups: (() => unknown)[]) {
  for (const task of cleanups.reverse()) {
    try {
      await task();
    } catch {
      // Cleanup is best effort: a failed scenario may have closed things already.
    }
  }
}

/** Runs `scenario` on a fresh simulated broker (real-time scheduler). */
export async function onSimulator(id: string, scenario: Scenario): Promise<unknown> {
  const broker: Broker = createBroker({ seed: 1 });
  const cleanups: (() => unknown)[] = [];
  const modules = broker.modulesFor('conformance');
  const env: ScenarioEnv = {
    ...baseEnv('simulator', id, cleanups),
    redis: (options) => new modules.ioredis.default({ ...redisAddress, ...options }),
    connect: () => modules.amqplib.connect(amqpUrl) as unknown as Promise<ConnectionLike>,
  };
  try {
    return await scenario(env);
  } finally {
    await runCleanups(cleanups);
    broker.close();
  }
}

/** Runs `scenario` on the local Redis and RabbitMQ with the real ioredis and amqplib. */
export async function onRealBroker(id: string, scenario: Scenario): Promise<unknown> {
  const cleanups: (() => unknown)[] = [];
  const env: ScenarioEnv = {
    ...baseEnv('real', id, cleanups),
    redis: (options) =>
      new RealRedis({
        ...redisAddress,
        ...options,
        maxRetriesPerRequest: 1,
      }) as unknown as RedisLike,
    connect: () => realAmqp.connect(amqpUrl) as unknown as Promise<ConnectionLike>,
  };
  try {
    return await scenario(env);
  } finally {
    await runCleanups(cleanups);
  }
}

/** Fails with how to start Redis when it is not reachable. */
export async function requireRedis(): Promise<void> {
  const client = new RealRedis({
    ...redisAddress,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `Redis is not reachable at ${redisAddress.host}:${redisAddress.port} (${String(error)}). ` +
        'Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""',
    );
  } finally {
    client.disconnect();
  }
}

/** Fails with how to start RabbitMQ when it is not reachable. */
export async function requireRabbitMq(): Promise<void> {
  try {
    const connection = await realAmqp.connect(amqpUrl, { timeout: 2000 });
    await connection.close();
  } catch (error) {
    throw new Error(
      `RabbitMQ is not reachable at ${amqpUrl} (${String(error)}). ` +
        'Start it with: rabbitmq-server -detached',
    );
  }
}

/** A consumer's log of what it received, as plain data. */
export function describeMessage(m: MessageLike) {
  return {
    body: m.content.toString(),
    redelivered: m.fields['redelivered'] as boolean,
    routingKey: m.fields['routingKey'] as string,
    exchange: m.fields['exchange'] as string,
  };
}

/** An amqplib error as plain data: its message and code. */
export function describeError(error: unknown) {
  const e = error as { name?: string; message?: string; code?: unknown };
  return { name: e.name, message: e.message, code: e.code };
}

/** `x-death` without the wall-clock time, which differs between runs by nature. */
export function describeDeaths(headers: Record<string, unknown> | undefined) {
  const deaths = (headers?.['x-death'] ?? []) as Record<string, unknown>[];
  return deaths.map(({ time: _time, ...rest }) => rest);
}

// ---- NATS: the same scenario through the real v3 client and through the simulator ----

export const natsAddress = { host: '127.0.0.1', port: 4222 };

/** What a NATS scenario gets: the two client modules (typed as the real ones), unique names. */
export interface NatsScenarioEnv {
  readonly target: 'simulator' | 'real';
  readonly nats: typeof realNats;
  readonly jetstream: typeof realJetStream;
  /** A subject prefix unique to this run and scenario (`conf.<run>.<scenario>`). */
  subject(suffix: string): string;
  /** A stream or consumer name unique to this run and scenario (no dots). */
  stream(suffix: string): string;
  until(done: () => boolean, timeoutMs?: number): Promise<void>;
  pause(ms: number): Promise<void>;
  cleanup(task: () => unknown): void;
}

export type NatsScenario = (env: NatsScenarioEnv) => Promise<unknown>;

function natsEnvFor(
  target: NatsScenarioEnv['target'],
  id: string,
  cleanups: (() => unknown)[],
  modules: Pick<NatsScenarioEnv, 'nats' | 'jetstream'>,
): NatsScenarioEnv {
  const base = baseEnv(target, id, cleanups);
  const token = id.replace(/[^A-Za-z0-9-]/g, '_');
  return {
    ...modules,
    target,
    subject: (suffix) => `conf.${runId}.${token}.${suffix}`,
    stream: (suffix) => `C_${runId}_${token}_${suffix}`,
    until: (done, timeoutMs) => base.until(done, timeoutMs),
    pause: (ms) => base.pause(ms),
    cleanup: (task) => base.cleanup(task),
  };
}

/** Runs a NATS scenario on a fresh simulated broker (real-time scheduler). */
export async function onNatsSimulator(id: string, scenario: NatsScenario): Promise<unknown> {
  const broker: Broker = createBroker({ seed: 1 });
  const cleanups: (() => unknown)[] = [];
  const modules = broker.modulesFor('conformance');
  const env = natsEnvFor('simulator', id, cleanups, {
    nats: modules['@nats-io/transport-node'] as typeof realNats,
    jetstream: modules['@nats-io/jetstream'] as typeof realJetStream,
  });
  try {
    return await scenario(env);
  } finally {
    await runCleanups(cleanups);
    broker.close();
  }
}

/** Runs a NATS scenario on the local nats-server with the real client. */
export async function onRealNats(id: string, scenario: NatsScenario): Promise<unknown> {
  const cleanups: (() => unknown)[] = [];
  const env = natsEnvFor('real', id, cleanups, { nats: realNats, jetstream: realJetStream });
  try {
    return await scenario(env);
  } finally {
    await runCleanups(cleanups);
  }
}

/** Fails with how to start nats-server (with JetStream) when it is not reachable. */
export async function requireNats(): Promise<void> {
  try {
    const nc = await realNats.connect({ port: natsAddress.port, timeout: 2000, reconnect: false });
    await realJetStream.jetstreamManager(nc);
    await nc.close();
  } catch (error) {
    throw new Error(
      `nats-server with JetStream is not reachable at ${natsAddress.host}:${natsAddress.port} (${String(error)}). ` +
        'Start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- ' +
        '-a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log',
    );
  }
}

/** One NATS scenario, run on both at once; their outcomes must be deep-equal. */
export function natsConformance(id: string, scenario: NatsScenario, timeoutMs?: number): void {
  it(
    id,
    async () => {
      const [real, simulated] = await Promise.all([
        onRealNats(id, scenario),
        onNatsSimulator(id, scenario),
      ]);
      if (process.env['CONFORMANCE_PRINT']) console.log(id, JSON.stringify(real));
      expect(simulated).toEqual(real);
    },
    timeoutMs,
  );
}
