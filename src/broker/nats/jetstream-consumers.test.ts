import { describe, expect, it } from 'vitest';
import { JetStreamStatusError } from './js-errors';
import { jetStreamOf, natsTestKit, type NatsTestKit } from './test-kit';

const ms = 1_000_000;

/** A stream S on `s.>` with `messages` published, and a durable consumer `c`. */
async function withConsumer(
  kit: NatsTestKit,
  config: Record<string, unknown>,
  messages: string[] = ['1'],
) {
  const { nc, jsm, js } = await jetStreamOf(kit);
  await kit.drive(
    (async () => {
      await jsm.streams.add({ name: 'S', subjects: ['s.>'] });
      for (const m of messages) await js.publish('s.x', m);
      await jsm.consumers.add('S', { durable_name: 'c', ack_policy: 'explicit', ...config });
    })(),
  );
  const consumer = await kit.drive(js.consumers.get('S', 'c'));
  return { nc, jsm, js, consumer };
}

describe('JetStream pull consumers', () => {
  it('redelivers an unacked message after ack_wait, traced requeued then redelivered', async () => {
    const kit = natsTestKit();
    const { consumer } = await withConsumer(kit, { ack_wait: 3000 * ms });
    const first = await kit.drive(consumer.next({ expires: 1000 }));
    const start = kit.scheduler.now();
    const again = await kit.drive(consumer.next({ expires: 5000 }));
    expect([first?.info.deliveryCount, again?.info.deliveryCount, again?.redelivered]).toEqual([
      1,
      2,
      true,
    ]);
    expect(kit.scheduler.now() - start).toBeGreaterThanOrEqual(1900);
    expect(kit.natsEvents('requeued')[0]).toMatchObject({
      from: 'svc',
      to: 'group:c',
      reason: 'ack-wait',
    });
    expect(kit.natsEvents('redelivered')[0]).toMatchObject({ from: 'group:c', to: 'svc' });
  });

  it('nak(delay) redelivers after the delay, plain nak() at once', async () => {
    const kit = natsTestKit();
    const { consumer } = await withConsumer(kit, {}, ['1', '2']);
    const times = await kit.drive(
      (async () => {
        const a = await consumer.next({ expires: 1000 });
        a?.nak(4000);
        const t0 = kit.scheduler.now();
        const b = await consumer.next({ expires: 1000 });
        b?.nak();
        const c = await consumer.next({ expires: 1000 });
        c?.ack();
        const d = await consumer.next({ expires: 10_000 });
        d?.ack();
        return {
          order: [a, b, c, d].map((m) => `${m?.seq}x${m?.info.deliveryCount}`),
          waited: kit.scheduler.now() - t0,
        };
      })(),
    );
    expect(times.order).toEqual(['1x1', '2x1', '2x2', '1x2']);
    expect(times.waited).toBeGreaterThanOrEqual(3900);
    expect(kit.natsEvents('nacked').map((e) => e.reason)).toEqual(['nak', 'nak']);
  });

  it('spaces redeliveries by backoff and gives up after max_deliver, traced dropped/max-deliver', async () => {
    const kit = natsTestKit();
    const { consumer } = await withConsumer(kit, {
      max_deliver: 3,
      backoff: [1000 * ms, 4000 * ms],
    });
    const at: number[] = [];
    const counts = await kit.drive(
      (async () => {
        const seen = [];
        for (let i = 0; i < 4; i++) {
          const m = await consumer.next({ expires: 6000 });
          at.push(kit.scheduler.now());
          seen.push(m?.info.deliveryCount ?? null);
        }
        return seen;
      })(),
    );
    expect(counts).toEqual([1, 2, 3, null]);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(1000);
    expect(at[1]! - at[0]!).toBeLessThan(1100);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(4000);
    expect(kit.natsEvents('dropped').find((e) => e.reason === 'max-deliver')).toMatchObject({
      from: 'group:c',
    });
  });

  it('term() ends a message for good and working() restarts its ack wait', async () => {
    const kit = natsTestKit();
    const { consumer } = await withConsumer(kit, { ack_wait: 2000 * ms }, ['poison', 'slow']);
    const info = await kit.drive(
      (async () => {
        const poison = await consumer.next({ expires: 1000 });
        poison?.term();
        const slow = await consumer.next({ expires: 1000 });
        for (let i = 0; i < 3; i++) {
          await kit.nats().delay(1500);
          slow?.working();
        }
        slow?.ack();
        await consumer.next({ expires: 3000 });
        return consumer.info();
      })(),
    );
    expect(info).toMatchObject({
      num_redelivered: 0,
      num_ack_pending: 0,
      delivered: { consumer_seq: 2 },
    });
    expect(kit.natsEvents('nacked')[0]?.reason).toBe('term');
  });

  it('ack_policy all acks everything up to the message acked', async () => {
    const kit = natsTestKit();
    const { consumer } = await withConsumer(kit, { ack_policy: 'all' }, ['1', '2', '3']);
    const info = await kit.drive(
      (async () => {
        const got = [];
        for await (const m of await consumer.fetch({ max_messages: 3, expires: 1000 })) got.push(m);
        got[1]?.ack();
        await kit.nats().delay(10);
        return consumer.info();
      })(),
    );
    expect(info).toMatchObject({
      num_ack_pending: 1,
      ack_floor: { stream_seq: 2, consumer_seq: 2 },
    });
  });

  it('stalls at max_ack_pending until an ack frees a slot', async () => {
    const kit = natsTestKit();
    const { consumer } = await withConsumer(kit, { max_ack_pending: 1 }, ['1', '2']);
    const seqs = await kit.drive(
      (async () => {
        const first = await consumer.next({ expires: 1000 });
        const blocked = await consumer.next({ expires: 1000 });
        first?.ack();
        const second = await consumer.next({ expires: 1000 });
        return [first?.seq, blocked, second?.seq];
      })(),
    );
    expect(seqs).toEqual([1, null, 2]);
  });

  it('starts where the deliver policy says and filters by filter_subjects', async () => {
    const kit = natsTestKit();
    const { jsm, js } = await jetStreamOf(kit);
    const firsts = await kit.drive(
      (async () => {
        await jsm.streams.add({ name: 'D', subjects: ['d.>'] });
        for (const [s, d] of [
          ['a', '1'],
          ['b', '2'],
          ['c', '3'],
          ['a', '4'],
        ] as const)
          await js.publish(`d.${s}`, d);
        const firstOf = async (name: string, config: Record<string, unknown>) => {
          await jsm.consumers.add('D', { durable_name: name, ack_policy: 'explicit', ...config });
          const m = await (await js.consumers.get('D', name)).next({ expires: 1000 });
          return m?.string() ?? null;
        };
        return [
          await firstOf('all', {}),
          await firstOf('last', { deliver_policy: 'last' }),
          await firstOf('new', { deliver_policy: 'new' }),
          await firstOf('seq', { deliver_policy: 'by_start_sequence', opt_start_seq: 2 }),
          await firstOf('lps', { deliver_policy: 'last_per_subject', filter_subject: 'd.>' }),
          await firstOf('bc', { filter_subjects: ['d.b', 'd.c'], deliver_policy: 'last' }),
        ];
      })(),
    );
    expect(firsts).toEqual(['1', '4', null, '2', '2', '3']);
  });

  it('deletes an ephemeral consumer after inactive_threshold without pulls', async () => {
    const kit = natsTestKit();
    const { jsm } = await jetStreamOf(kit);
    const name = await kit.drive(
      (async () => {
        await jsm.streams.add({ name: 'E', subjects: ['e.>'] });
        return (
          await jsm.consumers.add('E', { ack_policy: 'explicit', inactive_threshold: 2000 * ms })
        ).name;
      })(),
    );
    await kit.run(kit.scheduler.now() + 1000);
    const during = await kit.drive(jsm.consumers.info('E', name).then(() => 'there'));
    await kit.run(kit.scheduler.now() + 3000);
    const after = await kit.drive(jsm.consumers.info('E', name).catch((e: Error) => e.message));
    expect([during, after]).toEqual(['there', 'consumer not found']);
  });

  it('ends a waiting fetch with 409 "consumer deleted" when the consumer is deleted', async () => {
    const kit = natsTestKit();
    const { consumer, jsm } = await withConsumer(kit, {}, []);
    const error = await kit.drive(
      (async () => {
        const waiting = consumer.next({ expires: 5000 }).catch((e: unknown) => e);
        await kit.nats().delay(100);
        await jsm.consumers.delete('S', 'c');
        return waiting;
      })(),
    );
    expect(error).toBeInstanceOf(JetStreamStatusError);
    expect([(error as JetStreamStatusError).code, (error as Error).message]).toEqual([
      409,
      'consumer deleted',
    ]);
  });

  it('redelivers what a crashed client held unacked to another client after ack_wait', async () => {
    const kit = natsTestKit();
    const { consumer } = await withConsumer(kit, { ack_wait: 2000 * ms }, ['job']);
    const held = await kit.drive(consumer.next({ expires: 1000 }));
    expect(kit.broker.crash('svc')).toBe(1);
    const other = await jetStreamOf(kit, 'standby');
    const rescued = await kit.drive(
      (async () => {
        const c = await other.js.consumers.get('S', 'c');
        const m = await c.next({ expires: 5000 });
        m?.ack();
        return m && [m.string(), m.info.deliveryCount];
      })(),
    );
    expect(held?.string()).toBe('job');
    expect(rescued).toEqual(['job', 2]);
    expect(kit.natsEvents('redelivered')[0]).toMatchObject({ to: 'standby' });
  });

  it('consume() keeps pulling as messages arrive', async () => {
    const kit = natsTestKit();
    const { consumer, js } = await withConsumer(kit, {}, []);
    const got = await kit.drive(
      (async () => {
        const messages = await consumer.consume({ max_messages: 2 });
        const seen: string[] = [];
        const reading = (async () => {
          for await (const m of messages) {
            seen.push(m.string());
            m.ack();
            if (seen.length === 5) break;
          }
        })();
        for (const d of ['1', '2', '3', '4', '5']) await js.publish('s.x', d);
        await reading;
        return seen;
      })(),
    );
    expect(got).toEqual(['1', '2', '3', '4', '5']);
  });
});
