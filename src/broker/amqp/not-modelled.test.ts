import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startVirtualBroker } from '../core/virtual-run';
import { notModelled, type NotModelledName } from './not-modelled';

type Channel = Awaited<
  ReturnType<
    Awaited<
      ReturnType<ReturnType<typeof startVirtualBroker>['broker']['amqp']['connect']>
    >['createChannel']
  >
>;

/** How sandbox code reaches each refused feature through amqplib. */
const triggers: Record<NotModelledName, (channel: Channel) => Promise<unknown>> = {
  quorumQueue: (ch) => ch.assertQueue('q', { arguments: { 'x-queue-type': 'quorum' } }),
  streamQueue: (ch) => ch.assertQueue('q', { arguments: { 'x-queue-type': 'stream' } }),
  deliveryLimit: (ch) => ch.assertQueue('q', { arguments: { 'x-delivery-limit': 3 } }),
  inMemoryLimits: (ch) => ch.assertQueue('q', { arguments: { 'x-max-in-memory-length': 3 } }),
  streamArguments: (ch) => ch.assertQueue('q', { arguments: { 'x-max-age': '1D' } }),
  clusterPlacement: (ch) =>
    ch.assertQueue('q', { arguments: { 'x-queue-master-locator': 'min-masters' } }),
  consumerPriority: async (ch) => {
    await ch.assertQueue('q');
    return ch.consume('q', () => undefined, { priority: 5 });
  },
  directReplyTo: async (ch) => {
    await ch.assertQueue('q');
    ch.sendToQueue('q', Buffer.from('ask'), { replyTo: 'amq.rabbitmq.reply-to' });
  },
  streamOffset: async (ch) => {
    await ch.assertQueue('q');
    return ch.consume('q', () => undefined, { arguments: { 'x-stream-offset': 'first' } });
  },
};

describe('RabbitMQ features refused as not modelled', () => {
  for (const [name, { what }] of Object.entries(notModelled)) {
    it(`${name}: refused at once, saying so and what to use instead; the channel stays open`, async () => {
      const { broker } = startVirtualBroker();
      const connection = await broker.amqp.connect();
      const channel = await connection.createChannel();
      const errors: Error[] = [];
      channel.on('error', (e: Error) => errors.push(e));
      const error = await triggers[name as NotModelledName](channel).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/ is not modelled in the simulator; \S/);
      expect(error?.message).toContain(what.replaceAll('`', ''));
      // The refusal is the simulator's, not the broker's: the channel is still usable.
      await expect(
        channel.checkQueue('amq.nothing').catch((e: Error) => e.message),
      ).resolves.toContain('NOT_FOUND');
      expect(errors.map((e) => e.message)).toEqual([
        expect.stringContaining('NOT_FOUND') as unknown as string,
      ]);
    });
  }

  it("the README's list of what is not modelled is exactly this list", () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const section =
      /<!-- not-modelled:start -->\n([\s\S]*?)<!-- not-modelled:end -->/.exec(readme)?.[1] ?? '';
    const listed = section
      .split('\n')
      .filter((line) => line.startsWith('- '))
      .map((line) => line.slice(2));
    expect(listed).toEqual(
      Object.values(notModelled).map(({ what, instead }) => `${what}: ${instead}`),
    );
  });
});
