import { describe, expect, it } from 'vitest';
import { collector, setup, topicWith, type Seen } from './kafka-test-kit';

describe('kafka model: committed offsets', () => {
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
});
