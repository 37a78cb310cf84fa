import { describe, expect, it } from 'vitest';
import { noFaults } from '../core/fault-settings';
import { natsTestKit } from './test-kit';

async function coreRun(seed: number) {
  const kit = natsTestKit(seed);
  kit.broker.setFaults({ ...noFaults, drop: 0.3, duplicate: 0.2 });
  const sub = await kit.connect('sub');
  const pub = await kit.connect('pub');
  const got: string[] = [];
  sub.subscribe('f', { callback: (_e, m) => void got.push(m.string()) });
  for (let i = 0; i < 40; i++) pub.publish('f', String(i));
  await kit.run();
  return {
    got,
    kinds: kit.natsEvents('dropped', 'duplicated').map((e) => `${e.kind}:${e.messageId}`),
  };
}

describe("NATS under the reader's faults", () => {
  it('drops and duplicates core deliveries at the fault gate, the same way for the same seed', async () => {
    const first = await coreRun(11);
    expect(first.got.length).toBeLessThan(40 + 20);
    expect(first.kinds.some((k) => k.startsWith('dropped'))).toBe(true);
    expect(first.kinds.some((k) => k.startsWith('duplicated'))).toBe(true);
    expect(await coreRun(11)).toEqual(first);
    expect((await coreRun(12)).kinds).not.toEqual(first.kinds);
  });

  it('a JetStream delivery lost in transit comes back after ack_wait, as unacked', async () => {
    const kit = natsTestKit(3);
    const { jetstream, jetstreamManager, AckPolicy } = kit.js();
    const got = await kit.drive(
      (async () => {
        const nc = await kit.nats().connect();
        const jsm = await jetstreamManager(nc);
        await jsm.streams.add({ name: 'S', subjects: ['s.>'] });
        await jsm.consumers.add('S', {
          durable_name: 'c',
          ack_policy: AckPolicy.Explicit,
          ack_wait: 2_000_000_000,
        });
        const js = jetstream(nc);
        await js.publish('s.1', 'precious');
        kit.broker.setFaults({ ...noFaults, drop: 1 });
        const consumer = await js.consumers.get('S', 'c');
        // The real client's fetch notices the silence: two idle heartbeats missed.
        const lost = await consumer
          .next({ expires: 1000 })
          .catch((e: Error) => `${e.name}: ${e.message}`);
        kit.broker.setFaults(noFaults);
        const back = await consumer.next({ expires: 5000 });
        back?.ack();
        return { lost, back: back && [back.string(), back.info.deliveryCount] };
      })(),
    );
    expect(got).toEqual({ lost: 'JetStreamError: heartbeats missed', back: ['precious', 2] });
    expect(kit.natsEvents('dropped').some((e) => e.reason === 'fault-drop')).toBe(true);
    expect(kit.natsEvents('requeued')[0]).toMatchObject({ reason: 'ack-wait', to: 'group:c' });
  });

  it('an ordered consumer notices a lost delivery and starts over from the next sequence', async () => {
    const kit = natsTestKit(5);
    const { jetstream, jetstreamManager } = kit.js();
    const got = await kit.drive(
      (async () => {
        const nc = await kit.nats().connect();
        const jsm = await jetstreamManager(nc);
        await jsm.streams.add({ name: 'O', subjects: ['o.>'] });
        const js = jetstream(nc);
        for (let i = 1; i <= 6; i++) await js.publish('o.x', String(i));
        const ordered = await js.consumers.get('O');
        kit.broker.setFaults({ ...noFaults, drop: 0.4 });
        const seen: string[] = [];
        const messages = await ordered.consume({ max_messages: 10 });
        for await (const m of messages) {
          seen.push(m.string());
          if (seen.length === 3) {
            // A later message shows the gap a lost one left: publish more without faults.
            kit.broker.setFaults(noFaults);
            for (let i = 7; i <= 9; i++) await js.publish('o.x', String(i));
          }
          if (m.string() === '9') break;
        }
        return seen;
      })(),
    );
    expect(got).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(kit.natsEvents('dropped').some((e) => e.reason === 'fault-drop')).toBe(true);
  });
});
