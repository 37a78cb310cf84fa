import { describe, expect, it } from 'vitest';
import { collector, idle, setup, topicWith, type Seen } from './kafka-test-kit';

describe('kafka model: partitions, keys and groups', () => {
  it('offsets are sequential per partition and order holds within a partition', async () => {
    const { t, kafka } = setup();
    await topicWith(kafka, 'orders', 3);
    const producer = kafka.producer();
    await producer.connect();
    const meta = [];
    for (let i = 0; i < 30; i++) {
      meta.push(
        ...(await producer.send({
          topic: 'orders',
          messages: [{ key: `k${i % 5}`, value: `v${i}` }],
        })),
      );
    }
    const seen: Seen[] = [];
    const consumer = kafka.consumer({ groupId: 'g' });
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    const running = consumer.run({ eachMessage: collector(seen) });
    await t.advance(10);
    await running;
    await t.advance(10);
    expect(seen).toHaveLength(30);
    for (const partition of [0, 1, 2]) {
      const offsets = seen.filter((s) => s.partition === partition).map((s) => s.offset);
      expect(offsets).toEqual(offsets.map((_, i) => i));
      const sent = meta.filter((m) => m.partition === partition).map((m) => Number(m.baseOffset));
      expect(sent).toEqual(offsets);
    }
    // Within a partition, values arrive in send order.
    for (const key of ['k0', 'k1', 'k2', 'k3', 'k4']) {
      const values = seen.filter((s) => s.key === key).map((s) => Number(s.value.slice(1)));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
    expect(meta[0]).toMatchObject({ topicName: 'orders', errorCode: 0 });
  });

  it('same key always lands on the same partition through the producer', async () => {
    const { kafka } = setup();
    await topicWith(kafka, 't', 8);
    const producer = kafka.producer();
    await producer.connect();
    const partitions = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const [meta] = await producer.send({
        topic: 't',
        messages: [{ key: 'user-1', value: `${i}` }],
      });
      partitions.add(meta?.partition ?? -1);
    }
    expect(partitions.size).toBe(1);
  });

  it('in one group each partition has exactly one owner; members beyond the partition count sit idle', async () => {
    const { t, kafka } = setup();
    const { admin } = await topicWith(kafka, 'jobs', 4);
    const assignments = new Map<string, Record<string, number[]>>();
    const consumers = [0, 1, 2, 3, 4, 5].map(() => kafka.consumer({ groupId: 'workers' }));
    for (const c of consumers) {
      c.on(c.events.GROUP_JOIN, (e) => {
        const payload = (
          e as { payload: { memberId: string; memberAssignment: Record<string, number[]> } }
        ).payload;
        assignments.set(payload.memberId, payload.memberAssignment);
      });
      await c.subscribe({ topic: 'jobs' });
    }
    const [a, b] = consumers;
    const runs = [a, b].map((c) => c?.run({ eachMessage: idle }) ?? Promise.resolve());
    await t.advance(1);
    await Promise.all(runs);
    let owned = [...assignments.values()].map((m) => m['jobs'] ?? []);
    expect(owned.map((p) => p.length).sort()).toEqual([2, 2]);
    expect(owned.flat().sort()).toEqual([0, 1, 2, 3]);

    const more = consumers.slice(2).map((c) => c.run({ eachMessage: idle }));
    await t.advance(1);
    await Promise.all(more);
    owned = [...assignments.values()].map((m) => m['jobs'] ?? []);
    expect(owned.flat().sort()).toEqual([0, 1, 2, 3]);
    expect(owned.filter((p) => p.length === 0)).toHaveLength(2);
    const last = t.events.filter((e) => e.kind === 'rebalanced').at(-1);
    expect(last?.detail?.['members']).toBe(6);
    const { groups } = await admin.describeGroups(['workers', 'nobody']);
    expect(groups.map((g) => [g.groupId, g.state, g.members.length])).toEqual([
      ['workers', 'Stable', 6],
      ['nobody', 'Empty', 0],
    ]);
    expect(groups[0]?.members[0]?.clientId).toBe('test');
  });

  it('every group receives every record and consuming deletes nothing', async () => {
    const { t, kafka } = setup();
    const { admin } = await topicWith(kafka, 'events', 2);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'events',
      messages: Array.from({ length: 10 }, (_, i) => ({ key: `${i}`, value: `e${i}` })),
    });
    const billing: Seen[] = [];
    const audit: Seen[] = [];
    for (const [groupId, into] of [
      ['billing', billing],
      ['audit', audit],
    ] as const) {
      const c = kafka.consumer({ groupId });
      await c.subscribe({ topic: 'events', fromBeginning: true });
      void c.run({ eachMessage: collector(into) });
    }
    await t.advance(10);
    expect(billing.map((s) => s.value).sort()).toEqual(audit.map((s) => s.value).sort());
    expect(billing).toHaveLength(10);
    const offsets = await admin.fetchTopicOffsets('events');
    expect(offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0)).toBe(10);
  });

  it('a member joining or leaving rebalances the group; so does adding partitions', async () => {
    const { t, kafka } = setup();
    const { admin } = await topicWith(kafka, 'r', 2);
    const one = kafka.consumer({ groupId: 'g' });
    const two = kafka.consumer({ groupId: 'g' });
    await one.subscribe({ topic: 'r' });
    await two.subscribe({ topic: 'r' });
    void one.run({ eachMessage: idle });
    await t.advance(1);
    const rebalances = () => t.events.filter((e) => e.kind === 'rebalanced');
    expect(rebalances()).toHaveLength(1);
    void two.run({ eachMessage: idle });
    await t.advance(1);
    expect(rebalances()).toHaveLength(2);
    expect(Object.values(rebalances()[1]?.detail?.['assignment'] as object)).toEqual(
      expect.arrayContaining([['r/0'], ['r/1']]),
    );
    await two.disconnect();
    await t.advance(1);
    expect(rebalances()).toHaveLength(3);
    expect(Object.values(rebalances()[2]?.detail?.['assignment'] as object)).toEqual([
      ['r/0', 'r/1'],
    ]);
    await admin.createPartitions({ topicPartitions: [{ topic: 'r', count: 3 }] });
    await t.advance(1);
    expect(rebalances()).toHaveLength(4);
    expect(Object.values(rebalances()[3]?.detail?.['assignment'] as object)).toEqual([
      ['r/0', 'r/1', 'r/2'],
    ]);
  });

  it('adding partitions remaps keys; existing records do not move', async () => {
    const { kafka } = setup();
    const { admin } = await topicWith(kafka, 'keys', 2);
    const producer = kafka.producer();
    await producer.connect();
    const keys = Array.from({ length: 40 }, (_, i) => `key-${i}`);
    await producer.send({
      topic: 'keys',
      messages: keys.map((key) => ({ key, value: 'a' })),
    });
    const offsetsBefore = await admin.fetchTopicOffsets('keys');
    await admin.createPartitions({ topicPartitions: [{ topic: 'keys', count: 5 }] });
    const offsetsAfter = await admin.fetchTopicOffsets('keys');
    expect(offsetsAfter.slice(0, 2)).toEqual(offsetsBefore);
    let moved = 0;
    for (const key of keys) {
      const [b] = await producer.send({ topic: 'keys', messages: [{ key, value: 'x' }] });
      const [c] = await producer.send({ topic: 'keys', messages: [{ key, value: 'y' }] });
      expect(b?.partition).toBe(c?.partition);
      if ((b?.partition ?? 0) >= 2) moved += 1;
    }
    expect(moved).toBeGreaterThan(0);
  });
});
