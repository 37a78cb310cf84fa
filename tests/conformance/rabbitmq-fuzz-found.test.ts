// Disagreements the differential fuzzer (fuzz/amqp.fuzz.test.ts) found, each shrunk to its
// minimal sequence, fixed in the model, and kept here under a name so they stay fixed.
import { beforeAll, describe } from 'vitest';
import { requireRabbitMq } from './harness';
import { conformance } from './conformance';
import { attempt, buf, exchange, open, queue } from './rabbitmq-helpers';

beforeAll(requireRabbitMq);

describe('RabbitMQ, found by fuzzing: simulator vs real RabbitMQ', () => {
  conformance('fuzz-exchange-bind-with-both-ends-missing-names-the-source', async (env) => {
    const { channel, channelErrors } = await open(env);
    const outcome = await attempt(() =>
      channel.bindExchange(env.name('to'), env.name('from'), 'a'),
    );
    return { outcome, channelErrors };
  });

  conformance('fuzz-queue-bind-with-both-ends-missing-names-the-exchange', async (env) => {
    const { channel, channelErrors } = await open(env);
    const outcome = await attempt(() => channel.bindQueue(env.name('q'), env.name('x'), 'a'));
    return { outcome, channelErrors };
  });

  conformance(
    'fuzz-rpc-in-flight-when-a-publish-closes-the-channel-gets-the-close',
    async (env) => {
      const { channel, channelErrors } = await open(env);
      channel.publish(env.name('missing'), 'k', buf('m'));
      const inFlight = attempt(() => channel.checkExchange('amq.direct'));
      const queued = attempt(() => channel.checkExchange('amq.fanout'));
      return { inFlight: await inFlight, queued: await queued, channelErrors };
    },
  );

  conformance('fuzz-unbinding-with-a-missing-end-is-no-error', async (env) => {
    const { channel, channelErrors } = await open(env);
    const q = await queue(env, channel, 'q');
    const x = await exchange(env, channel, 'x', 'direct');
    const missing = env.name('missing');
    return {
      outcomes: [
        await attempt(() => channel.unbindQueue(missing, missing, 'a')),
        await attempt(() => channel.unbindQueue(q, missing, 'a')),
        await attempt(() => channel.unbindQueue(missing, x, 'a')),
        await attempt(() => channel.unbindExchange(missing, missing, 'a')),
        await attempt(() => channel.unbindExchange(x, missing, 'a')),
        await attempt(() => channel.unbindExchange(missing, x, 'a')),
      ],
      channelErrors,
    };
  });
});
