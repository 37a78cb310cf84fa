import { describe, expect, it } from 'vitest';
import { natsTestKit } from './test-kit';

describe('JetStream', () => {
  it('stores published messages and delivers them to a durable pull consumer that acks', async () => {
    const kit = natsTestKit();
    const { connect } = kit.nats('orders');
    const { jetstream, jetstreamManager, AckPolicy } = kit.js('orders');
    const result = await kit.drive(
      (async () => {
        const nc = await connect();
        const jsm = await jetstreamManager(nc);
        await jsm.streams.add({ name: 'ORDERS', subjects: ['orders.>'] });
        const js = jetstream(nc);
        const acks = [];
        for (const n of [1, 2, 3]) acks.push(await js.publish(`orders.${n}`, `o${n}`));
        await jsm.consumers.add('ORDERS', {
          durable_name: 'billing',
          ack_policy: AckPolicy.Explicit,
        });
        const consumer = await js.consumers.get('ORDERS', 'billing');
        const got: string[] = [];
        const batch = await consumer.fetch({ max_messages: 3, expires: 1000 });
        for await (const m of batch) {
          got.push(`${m.subject}:${m.string()}:${m.seq}:${m.info.deliveryCount}`);
          m.ack();
        }
        await nc.flush();
        const info = await consumer.info();
        await nc.close();
        return { acks, got, info };
      })(),
    );
    expect(result.acks).toEqual([
      { stream: 'ORDERS', seq: 1, duplicate: false },
      { stream: 'ORDERS', seq: 2, duplicate: false },
      { stream: 'ORDERS', seq: 3, duplicate: false },
    ]);
    expect(result.got).toEqual(['orders.1:o1:1:1', 'orders.2:o2:2:1', 'orders.3:o3:3:1']);
    expect(result.info).toMatchObject({
      delivered: { consumer_seq: 3, stream_seq: 3 },
      ack_floor: { consumer_seq: 3, stream_seq: 3 },
      num_ack_pending: 0,
      num_pending: 0,
    });
  });
});
