import amqplib from 'amqplib';
import Redis from 'ioredis';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { SandboxSource } from '../../../src/runtime/contract';

const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const amqpUrl = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

/** Every quoted first argument of `call(` in the sandbox's code: `assertQueue('billing'` → billing. */
function namesIn(source: SandboxSource, call: string): string[] {
  const pattern = new RegExp(`${call}\\(\\s*['"\`]([^'"\`]+)['"\`]`, 'g');
  return [
    ...new Set(
      Object.values(source.files).flatMap((code) =>
        [...code.matchAll(pattern)].map((m) => m[1] ?? ''),
      ),
    ),
  ];
}

/**
 * What a run tagged `tag` left on its broker, asked of the broker itself with the real client:
 * Redis keys and live Pub/Sub channels under the tag; each RabbitMQ queue and exchange the
 * sandbox's code declares, under the run's name (`checkQueue` / `checkExchange` answer 404 when
 * it is gone); NATS JetStream streams whose name carries the tag. Empty when nothing is left.
 */
export async function checkLeftOnBroker(source: SandboxSource, tag: string): Promise<string[]> {
  const left: string[] = [];
  if (source.manifest.model === 'redis') {
    const redis = new Redis(redisUrl);
    try {
      for (const key of await redis.keys(`${tag}:*`)) left.push(`key ${key}`);
      const channels = (await redis.call('PUBSUB', 'CHANNELS', `${tag}:*`)) as string[];
      for (const channel of channels) left.push(`subscribed channel ${channel}`);
    } finally {
      await redis.quit();
    }
  } else if (source.manifest.model === 'amqp') {
    const connection = await amqplib.connect(amqpUrl);
    try {
      const exists = async (check: 'checkQueue' | 'checkExchange', name: string) => {
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        try {
          await channel[check](name);
          await channel.close();
          return true;
        } catch {
          return false; // 404 NOT_FOUND closes the channel
        }
      };
      for (const queue of namesIn(source, 'assertQueue')) {
        if (await exists('checkQueue', `${tag}.${queue}`)) left.push(`queue ${tag}.${queue}`);
      }
      for (const exchange of namesIn(source, 'assertExchange')) {
        if (await exists('checkExchange', `${tag}.${exchange}`))
          left.push(`exchange ${tag}.${exchange}`);
      }
    } finally {
      await connection.close();
    }
  } else if (source.manifest.model === 'nats') {
    const nc = await connect({ servers: natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      for await (const name of jsm.streams.names()) {
        if (name.includes(tag)) left.push(`stream ${name}`);
      }
    } finally {
      await nc.close();
    }
  }
  return left;
}

/** Every JetStream stream on the NATS server, sorted. */
export async function streamNames(): Promise<string[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const names: string[] = [];
    for await (const name of (await jetstreamManager(nc)).streams.names()) names.push(name);
    return names.sort();
  } finally {
    await nc.close();
  }
}
