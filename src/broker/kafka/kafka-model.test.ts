import { describe, expect, it } from 'vitest';
import { createKafkaModel, type KafkaModelOptions } from './index';
import type { EachMessagePayload } from './types';
import { createTestContext } from './test-context';

function setup(options: KafkaModelOptions = {}, seed = 1) {
  const t = createTestContext({ seed });
  const model = createKafkaModel(t.ctx, options);
  const kafka = new model.Kafka({ clientId: 'test', brokers: ['localhost:9092'] });
  return { t, model, kafka };
}

type Seen = { topic: string; partition: number; offset: number; value: string; key: string };

const idle = (): Promise<void> => Promise.resolve();

function collector(into: Seen[], onMessage?: (p: EachMessagePayload) => Promise<void> | void) {
  return async (payload: EachMessagePayload): Promise<void> => {
    into.push({
      topic: payload.topic,
      partition: payload.partition,
      offset: Number(payload.message.offset),
      value: payload.message.value?.toString() ?? '',
      key: payload.message.key?.toString() ?? '',
    });
    await onMessage?.(payload);
  };
}

async function topicWith(
  kafka: ReturnType<typeof setup>['kafka'],
  topic: string,
  partitions: number,
) {
  const admin = kafka.admin();
  await admin.connect();
  const created = await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
  return { admin, created };
}

describe('kafka model', () => {
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

  it('a restarted consumer resumes from the committed offset (last processed + 1)', async () => {
    const { t, kafka } = setup();
    const { admin } = await topicWith(kafka, 'c', 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'c', messages: [0, 1, 2, 3, 4].map((i) => ({ value: `${i}` })) });
    const first: Seen[] = [];
    const consumer = kafka.consumer({ groupId: 'g' });
    await consumer.subscribe({ topic: 'c', fromBeginning: true });
    void consumer.run({ eachMessage: collector(first) });
    await t.advance(10);
    expect(first).toHaveLength(5);
    await consumer.disconnect();
    const [committed] = await admin.fetchOffsets({ groupId: 'g', topics: ['c'] });
    expect(committed?.partitions[0]?.offset).toBe('5');
    await producer.send({ topic: 'c', messages: [{ value: '5' }, { value: '6' }] });
    const second: Seen[] = [];
    const again = kafka.consumer({ groupId: 'g' });
    await again.subscribe({ topic: 'c', fromBeginning: true });
    void again.run({ eachMessage: collector(second) });
    await t.advance(10);
    expect(second.map((s) => s.value)).toEqual(['5', '6']);
  });

  it('with no committed offset, fromBeginning reads from the earliest and otherwise only new records', async () => {
    const { t, kafka } = setup();
    await topicWith(kafka, 'n', 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'n', messages: [{ value: 'old' }] });
    const earliest: Seen[] = [];
    const latest: Seen[] = [];
    const e = kafka.consumer({ groupId: 'earliest' });
    const l = kafka.consumer({ groupId: 'latest' });
    await e.subscribe({ topic: 'n', fromBeginning: true });
    await l.subscribe({ topic: 'n' });
    void e.run({ eachMessage: collector(earliest) });
    void l.run({ eachMessage: collector(latest) });
    await t.advance(10);
    await producer.send({ topic: 'n', messages: [{ value: 'new' }] });
    await t.advance(10);
    expect(earliest.map((s) => s.value)).toEqual(['old', 'new']);
    expect(latest.map((s) => s.value)).toEqual(['new']);
  });

  it('a committed offset deleted by retention resets by auto.offset.reset', async () => {
    const { t, kafka } = setup({ retentionRecords: 3 });
    const { admin } = await topicWith(kafka, 'short', 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'short', messages: [{ value: 'a' }] });
    const seen: Seen[] = [];
    const c = kafka.consumer({ groupId: 'g' });
    await c.subscribe({ topic: 'short', fromBeginning: true });
    void c.run({ eachMessage: collector(seen) });
    await t.advance(10);
    await c.disconnect();
    expect(
      (await admin.fetchOffsets({ groupId: 'g', topics: ['short'] }))[0]?.partitions[0]?.offset,
    ).toBe('1');
    await producer.send({
      topic: 'short',
      messages: ['b', 'c', 'd', 'e', 'f'].map((value) => ({ value })),
    });
    const [offsets] = await admin.fetchTopicOffsets('short');
    expect(offsets).toMatchObject({ low: '3', high: '6' });
    const again: Seen[] = [];
    const d = kafka.consumer({ groupId: 'g' });
    await d.subscribe({ topic: 'short', fromBeginning: true });
    void d.run({ eachMessage: collector(again) });
    await t.advance(10);
    // Offset 1 is gone; earliest is now 3.
    expect(again.map((s) => s.offset)).toEqual([3, 4, 5]);
  });

  it('autoCommit commits after each batch by default, as kafkajs does', async () => {
    const { t, kafka } = setup();
    const { admin } = await topicWith(kafka, 'ac', 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'ac', messages: [1, 2, 3].map((i) => ({ value: `${i}` })) });
    const committedDuring: string[] = [];
    const c = kafka.consumer({ groupId: 'g' });
    await c.subscribe({ topic: 'ac', fromBeginning: true });
    void c.run({
      eachMessage: async () => {
        const [o] = await admin.fetchOffsets({ groupId: 'g', topics: ['ac'] });
        committedDuring.push(o?.partitions[0]?.offset ?? '?');
      },
    });
    await t.advance(10);
    // Nothing committed while the batch is in hand; all of it right after.
    expect(committedDuring).toEqual(['-1', '-1', '-1']);
    const [o] = await admin.fetchOffsets({ groupId: 'g', topics: ['ac'] });
    expect(o?.partitions[0]?.offset).toBe('3');
    expect(t.events.filter((e) => e.kind === 'committed')).toHaveLength(1);
  });

  it('autoCommitThreshold and autoCommitInterval commit inside a batch', async () => {
    const { t, kafka } = setup();
    const { admin } = await topicWith(kafka, 'th', 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'th', messages: [1, 2, 3, 4, 5].map((i) => ({ value: `${i}` })) });
    const during: string[] = [];
    const c = kafka.consumer({ groupId: 'g' });
    await c.subscribe({ topic: 'th', fromBeginning: true });
    void c.run({
      autoCommitThreshold: 2,
      eachMessage: async () => {
        const [o] = await admin.fetchOffsets({ groupId: 'g', topics: ['th'] });
        during.push(o?.partitions[0]?.offset ?? '?');
      },
    });
    await t.advance(10);
    expect(during).toEqual(['-1', '-1', '2', '2', '4']);

    const i = kafka.consumer({ groupId: 'timed' });
    await i.subscribe({ topic: 'th', fromBeginning: true });
    const times: number[] = [];
    void i.run({
      autoCommitInterval: 5000,
      eachMessage: async () => {
        times.push(t.scheduler.now());
        await new Promise<void>((resolve) => t.ctx.scheduler.schedule(() => resolve(), 2000));
      },
    });
    await t.advance(20_000);
    const commits = t.events.filter((e) => e.kind === 'committed' && e.from.includes('#2'));
    // Interval reached after the 3rd message (6 s since the last commit), then the batch end.
    expect(commits.map((e) => e.detail?.['offset'])).toEqual(['3', '5']);
  });

  it('commit before processing then crash skips records; process then commit reprocesses', async () => {
    const { t, kafka } = setup();
    await topicWith(kafka, 'x', 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'x', messages: ['a', 'b', 'c'].map((value) => ({ value })) });

    // At-most-once: commit the next offset first, then crash while handling 'b'.
    const atMostOnce: string[] = [];
    const first = kafka.consumer({
      groupId: 'amo',
      retry: { retries: 0, restartOnFailure: () => Promise.resolve(false) },
    });
    await first.subscribe({ topic: 'x', fromBeginning: true });
    void first.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        await first.commitOffsets([
          { topic, partition, offset: String(Number(message.offset) + 1) },
        ]);
        if (message.value?.toString() === 'b') throw new Error('crash');
        atMostOnce.push(message.value?.toString() ?? '');
      },
    });
    await t.advance(1000);
    const amo = kafka.consumer({ groupId: 'amo' });
    await amo.subscribe({ topic: 'x', fromBeginning: true });
    void amo.run({
      eachMessage: collector(
        [],
        ({ message }) => void atMostOnce.push(message.value?.toString() ?? ''),
      ),
    });
    await t.advance(1000);
    expect(atMostOnce).toEqual(['a', 'c']);

    // At-least-once: process, then commit; crash after processing 'b' but before its commit.
    const atLeastOnce: string[] = [];
    const second = kafka.consumer({
      groupId: 'alo',
      retry: { retries: 0, restartOnFailure: () => Promise.resolve(false) },
    });
    await second.subscribe({ topic: 'x', fromBeginning: true });
    void second.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        atLeastOnce.push(message.value?.toString() ?? '');
        if (message.value?.toString() === 'b') throw new Error('crash');
        await second.commitOffsets([
          { topic, partition, offset: String(Number(message.offset) + 1) },
        ]);
      },
    });
    await t.advance(1000);
    const alo = kafka.consumer({ groupId: 'alo' });
    await alo.subscribe({ topic: 'x', fromBeginning: true });
    void alo.run({
      eachMessage: collector(
        [],
        ({ message }) => void atLeastOnce.push(message.value?.toString() ?? ''),
      ),
    });
    await t.advance(1000);
    expect(atLeastOnce).toEqual(['a', 'b', 'b', 'c']);
  });

  it('retention drops records from the head by count and by time, whether read or not', async () => {
    const { t, kafka } = setup();
    const admin = kafka.admin();
    await admin.createTopics({
      topics: [
        {
          topic: 'count',
          numPartitions: 1,
          configEntries: [{ name: 'retention.records', value: '2' }],
        },
        {
          topic: 'time',
          numPartitions: 1,
          configEntries: [{ name: 'retention.ms', value: '1000' }],
        },
      ],
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'count', messages: ['a', 'b', 'c'].map((value) => ({ value })) });
    expect(await admin.fetchTopicOffsets('count')).toEqual([
      { partition: 0, offset: '3', high: '3', low: '1' },
    ]);
    const drops = t.events.filter((e) => e.kind === 'dropped' && e.reason === 'retention');
    expect(drops.map((e) => e.messageId)).toEqual([
      t.events.find((e) => e.kind === 'published' && e.payload === 'a')?.messageId,
    ]);

    await producer.send({ topic: 'time', messages: [{ value: 't0' }] });
    await t.advance(500);
    await producer.send({ topic: 'time', messages: [{ value: 't500' }] });
    await t.advance(600);
    expect((await admin.fetchTopicOffsets('time'))[0]).toMatchObject({ low: '1', high: '2' });
    await t.advance(1000);
    expect((await admin.fetchTopicOffsets('time'))[0]).toMatchObject({ low: '2', high: '2' });
  });

  it('compaction keeps the latest value per key; tombstones go after delete.retention.ms', async () => {
    const { t, kafka } = setup({ compactionDelayMs: 1000 });
    const admin = kafka.admin();
    await admin.createTopics({
      topics: [
        {
          topic: 'state',
          numPartitions: 1,
          configEntries: [
            { name: 'cleanup.policy', value: 'compact' },
            { name: 'delete.retention.ms', value: '5000' },
          ],
        },
      ],
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'state',
      messages: [
        { key: 'k1', value: 'a' },
        { key: 'k2', value: 'b' },
        { key: 'k1', value: 'c' },
        { key: 'k2', value: null },
        { key: 'k3', value: 'd' },
      ],
    });
    await expect(
      producer.send({ topic: 'state', messages: [{ value: 'no key' }] }),
    ).rejects.toMatchObject({
      type: 'INVALID_RECORD',
    });
    const read = async (groupId: string) => {
      const seen: Seen[] = [];
      const c = kafka.consumer({ groupId });
      await c.subscribe({ topic: 'state', fromBeginning: true });
      void c.run({ eachMessage: collector(seen) });
      await t.advance(10);
      await c.disconnect();
      return seen.map((s) => `${s.offset}:${s.key}=${s.value}`);
    };
    expect(await read('before')).toEqual(['0:k1=a', '1:k2=b', '2:k1=c', '3:k2=', '4:k3=d']);
    await t.advance(1000);
    // Offsets do not move; the overwritten records are gone, the tombstone stays for now.
    expect(await read('after')).toEqual(['2:k1=c', '3:k2=', '4:k3=d']);
    const reasons = t.events.filter((e) => e.kind === 'dropped').map((e) => e.reason);
    expect(reasons).toEqual(['compaction', 'compaction']);
    await t.advance(5000);
    expect(await read('later')).toEqual(['2:k1=c', '4:k3=d']);
    expect((await admin.fetchTopicOffsets('state'))[0]).toMatchObject({ low: '0', high: '5' });
  });

  it('seek re-reads records already consumed', async () => {
    const { t, kafka } = setup();
    await topicWith(kafka, 's', 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 's', messages: ['a', 'b', 'c'].map((value) => ({ value })) });
    const seen: Seen[] = [];
    const c = kafka.consumer({ groupId: 'g' });
    await c.subscribe({ topic: 's', fromBeginning: true });
    await Promise.all([c.run({ eachMessage: collector(seen) }), t.advance(1)]);
    await t.advance(10);
    expect(() =>
      kafka.consumer({ groupId: 'other' }).seek({ topic: 's', partition: 0, offset: '0' }),
    ).toThrow(/consumer#run must be called first/);
    c.seek({ topic: 's', partition: 0, offset: '1' });
    await t.advance(10);
    expect(seen.map((s) => s.value)).toEqual(['a', 'b', 'c', 'b', 'c']);
  });

  it('eachBatch receives a partition batch and its last offset + 1 is committed', async () => {
    const { t, kafka } = setup();
    const { admin } = await topicWith(kafka, 'b', 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'b', messages: ['a', 'b', 'c'].map((value) => ({ value })) });
    const batches: { first: string | null; last: string; values: string[]; high: string }[] = [];
    const c = kafka.consumer({ groupId: 'g' });
    await c.subscribe({ topic: 'b', fromBeginning: true });
    void c.run({
      eachBatch: ({ batch }) => {
        batches.push({
          first: batch.firstOffset(),
          last: batch.lastOffset(),
          values: batch.messages.map((m) => m.value?.toString() ?? ''),
          high: batch.highWatermark,
        });
        return Promise.resolve();
      },
    });
    await t.advance(10);
    expect(batches).toEqual([{ first: '0', last: '2', values: ['a', 'b', 'c'], high: '3' }]);
    const [offsets] = await admin.fetchOffsets({ groupId: 'g', topics: ['b'] });
    expect(offsets?.partitions[0]?.offset).toBe('3');
  });

  it('pause stops a partition and resume continues from where it stopped', async () => {
    const { t, kafka } = setup();
    await topicWith(kafka, 'p', 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'p', messages: ['a', 'b', 'c'].map((value) => ({ value })) });
    const seen: Seen[] = [];
    const c = kafka.consumer({ groupId: 'g' });
    await c.subscribe({ topic: 'p', fromBeginning: true });
    void c.run({
      eachMessage: collector(seen, (payload) => {
        if (payload.message.value?.toString() === 'a') payload.pause();
      }),
    });
    await t.advance(10);
    expect(seen.map((s) => s.value)).toEqual(['a']);
    expect(c.paused()).toEqual([{ topic: 'p', partitions: [0] }]);
    c.resume([{ topic: 'p' }]);
    await t.advance(10);
    expect(seen.map((s) => s.value)).toEqual(['a', 'b', 'c']);
  });

  it('one message at a time per partition: the next waits for the handler', async () => {
    const { t, kafka } = setup();
    await topicWith(kafka, 'slow', 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'slow', messages: ['a', 'b'].map((value) => ({ value })) });
    const log: string[] = [];
    const c = kafka.consumer({ groupId: 'g' });
    await c.subscribe({ topic: 'slow', fromBeginning: true });
    void c.run({
      eachMessage: async ({ message }) => {
        log.push(`start ${message.value?.toString() ?? ''} @${t.scheduler.now()}`);
        await new Promise<void>((resolve) => t.ctx.scheduler.schedule(() => resolve(), 100));
        log.push(`end ${message.value?.toString() ?? ''} @${t.scheduler.now()}`);
      },
    });
    await t.advance(500);
    expect(log).toEqual(['start a @0', 'end a @100', 'start b @100', 'end b @200']);
  });

  it('a throwing handler is retried with backoff, then the consumer crashes and restarts', async () => {
    const { t, kafka } = setup();
    await topicWith(kafka, 'err', 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'err', messages: [{ value: 'poison' }] });
    const attempts: number[] = [];
    const crashes: unknown[] = [];
    const c = kafka.consumer({ groupId: 'g', retry: { retries: 2, initialRetryTime: 100 } });
    c.on(c.events.CRASH, (e) => crashes.push(e));
    await c.subscribe({ topic: 'err', fromBeginning: true });
    void c.run({
      eachMessage: () => {
        attempts.push(t.scheduler.now());
        return Promise.reject(new Error('bad record'));
      },
    });
    await t.advance(5000);
    expect(attempts.length).toBeGreaterThanOrEqual(6);
    expect(attempts.slice(0, 3)[1]! - attempts[0]!).toBeGreaterThanOrEqual(80);
    expect(crashes.length).toBeGreaterThanOrEqual(1);
    expect((crashes[0] as { payload: { restart: boolean; error: Error } }).payload).toMatchObject({
      restart: true,
    });
    expect((crashes[0] as { payload: { error: Error } }).payload.error.name).toBe(
      'KafkaJSNumberOfRetriesExceeded',
    );
    expect(t.events.some((e) => e.kind === 'crashed')).toBe(true);
  });

  it('a drop fault never loses a record: the consumer fetches it again', async () => {
    const { t, kafka } = setup({}, 5);
    await topicWith(kafka, 'f', 1);
    const producer = kafka.producer();
    await producer.connect();
    t.setFaults({ drop: 0.5, duplicate: 0 });
    await producer.send({
      topic: 'f',
      messages: Array.from({ length: 20 }, (_, i) => ({ value: `${i}` })),
    });
    const seen: Seen[] = [];
    const c = kafka.consumer({ groupId: 'g' });
    await c.subscribe({ topic: 'f', fromBeginning: true });
    void c.run({ eachMessage: collector(seen) });
    for (let i = 0; i < 20; i++) {
      await producer.send({ topic: 'f', messages: [{ value: `${20 + i}` }] });
      await t.advance(1000);
    }
    await t.advance(60_000);
    const drops = t.events.filter((e) => e.kind === 'dropped' && e.reason === 'fault-drop');
    expect(drops.length).toBeGreaterThan(0);
    // Each lost fetch is followed by the refetch of the same record, not a gap.
    const refetches = t.events.filter((e) => e.kind === 'delayed' && e.reason === 'refetch');
    expect(refetches.map((e) => e.messageId)).toEqual(drops.map((e) => e.messageId));
    expect(seen.map((s) => Number(s.value))).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('a duplicate fault hands a record to the handler twice; delay holds the partition back', async () => {
    const { t, kafka } = setup({}, 9);
    await topicWith(kafka, 'd', 1);
    const producer = kafka.producer();
    await producer.connect();
    const seen: Seen[] = [];
    const c = kafka.consumer({ groupId: 'g' });
    await c.subscribe({ topic: 'd', fromBeginning: true });
    void c.run({ eachMessage: collector(seen) });
    await t.advance(1);
    t.setFaults({ duplicate: 1 });
    await producer.send({ topic: 'd', messages: [{ value: 'once' }] });
    await t.advance(10);
    expect(seen.map((s) => s.value)).toEqual(['once', 'once']);
    t.setFaults({ duplicate: 0, delayMs: 300 });
    await producer.send({ topic: 'd', messages: [{ value: 'late' }] });
    await t.advance(299);
    expect(seen).toHaveLength(2);
    await t.advance(2);
    expect(seen.map((s) => s.value)).toEqual(['once', 'once', 'late']);
  });

  it('broker restart keeps logs and committed offsets; groups rejoin and resume', async () => {
    const { t, model, kafka } = setup();
    const { admin } = await topicWith(kafka, 'd', 2);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'd',
      messages: [0, 1, 2, 3].map((i) => ({ key: `${i}`, value: `${i}` })),
    });
    const seen: Seen[] = [];
    const c = kafka.consumer({ groupId: 'g' });
    await c.subscribe({ topic: 'd', fromBeginning: true });
    void c.run({ eachMessage: collector(seen) });
    await t.advance(10);
    expect(seen).toHaveLength(4);
    model.restart();
    await producer.send({ topic: 'd', messages: [{ key: '9', value: 'after' }] });
    await t.advance(1000);
    expect(seen.map((s) => s.value)).toEqual(expect.arrayContaining(['after']));
    expect(seen).toHaveLength(5);
    expect(t.events.some((e) => e.kind === 'restarted')).toBe(true);
    expect(t.events.filter((e) => e.kind === 'rebalanced')).toHaveLength(2);
    expect(await admin.listTopics()).toEqual(['d']);
  });

  it('a consumer whose process dies keeps its partitions until its session times out', async () => {
    const { t, model } = setup();
    const a = new model.Kafka({ clientId: 'a', brokers: ['x'] });
    const b = new model.Kafka({ clientId: 'b', brokers: ['x'] });
    await topicWith(a, 'jobs', 2);
    const seenA: Seen[] = [];
    const seenB: Seen[] = [];
    const ca = a.consumer({ groupId: 'g', sessionTimeout: 10_000 });
    const cb = b.consumer({ groupId: 'g' });
    // fromBeginning: nothing is committed on a's partition, and 'latest' would skip p0.
    await ca.subscribe({ topic: 'jobs', fromBeginning: true });
    await cb.subscribe({ topic: 'jobs', fromBeginning: true });
    void ca.run({ eachMessage: collector(seenA) });
    void cb.run({ eachMessage: collector(seenB) });
    await t.advance(1);
    // The consumer and the admin client that made the topic.
    expect(model.crash('a')).toBe(2);
    const producer = b.producer();
    await producer.connect();
    await producer.send({
      topic: 'jobs',
      messages: [0, 1].map((p) => ({ partition: p, value: `p${p}` })),
    });
    await t.advance(9_000);
    // b owns one partition; a's partition waits for the coordinator to notice a is gone.
    expect(seenB).toHaveLength(1);
    expect(seenA).toHaveLength(0);
    await t.advance(1_001);
    expect(seenB.map((s) => s.value).sort()).toEqual(['p0', 'p1']);
    expect(t.events.some((e) => e.kind === 'crashed' && e.from === 'consumer:a')).toBe(true);
    expect(t.events.filter((e) => e.kind === 'rebalanced').at(-1)?.detail?.['members']).toBe(1);
  });

  it('admin: createTopics resolves true when created and false when it existed', async () => {
    const { kafka } = setup();
    const { admin, created } = await topicWith(kafka, 'a', 3);
    expect(created).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: 'a', numPartitions: 3 }] })).toBe(false);
    expect(await admin.listTopics()).toEqual(['a']);
    expect(await admin.fetchTopicOffsets('a')).toHaveLength(3);
    await admin.deleteTopics({ topics: ['a'] });
    expect(await admin.listTopics()).toEqual([]);
  });

  it('send auto-creates a one-partition topic unless auto-creation is off', async () => {
    const { kafka } = setup();
    const producer = kafka.producer();
    await expect(producer.send({ topic: 'x', messages: [{ value: 'a' }] })).rejects.toThrow(
      /disconnected/,
    );
    await producer.connect();
    const [meta] = await producer.send({ topic: 'auto', messages: [{ value: 'a' }] });
    expect(meta).toMatchObject({ topicName: 'auto', partition: 0, errorCode: 0, baseOffset: '0' });
    const strict = setup({ autoCreateTopics: false }).kafka.producer();
    await strict.connect();
    await expect(strict.send({ topic: 'nope', messages: [{ value: 'a' }] })).rejects.toMatchObject({
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
    });
  });

  it('traces a record from producer to topic partition to consumer to commit', async () => {
    const { t, kafka } = setup();
    await topicWith(kafka, 'trace', 1);
    const p = kafka.producer();
    await p.connect();
    const c = kafka.consumer({ groupId: 'g' });
    await c.subscribe({ topic: 'trace', fromBeginning: true });
    void c.run({ eachMessage: idle });
    await t.advance(1);
    await p.send({ topic: 'trace', messages: [{ key: 'k', value: 'hello', headers: { h: 'v' } }] });
    await t.advance(1);
    const id = t.events.find((e) => e.kind === 'published')?.messageId;
    const hops = t.events
      .filter((e) => e.messageId === id)
      .map((e) => `${e.kind} ${e.from} -> ${e.to}`);
    expect(hops).toEqual([
      'published producer:test -> topic:trace',
      'routed topic:trace -> topic:trace/0',
      'delivered topic:trace/0 -> consumer:test',
    ]);
    const commit = t.events.find((e) => e.kind === 'committed');
    expect(commit).toMatchObject({ from: 'consumer:test', to: 'group:g', detail: { offset: '1' } });
  });
});
