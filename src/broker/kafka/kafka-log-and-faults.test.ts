import { describe, expect, it } from 'vitest';
import { collector, idle, setup, topicWith, type Seen } from './kafka-test-kit';

describe('kafka model: retention, compaction, consumer API and faults', () => {
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
