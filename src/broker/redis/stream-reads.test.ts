import { describe, expect, it } from 'vitest';
import type { FaultSettings } from '../core/fault-settings';
import { noFaults } from '../core/fault-settings';
import { outcome, streamKit, watch } from './stream-test-kit';

type ReadReply = [string, [string, string[] | null][]][] | null;

/** The field values of a read reply, stream by stream. */
function values(reply: unknown): string[][] {
  return ((reply as ReadReply) ?? []).map(([, entries]) => entries.map(([, f]) => f?.[1] ?? '∅'));
}

describe('Redis Streams: blocking reads, connections and faults (virtual time)', () => {
  it('XREAD BLOCK ends with null at its timeout in run time, not before', async () => {
    const { client, run } = streamKit();
    const reader = watch(client('reader').xread('BLOCK', 30_000, 'STREAMS', 's', '$'));
    await run(29_999);
    expect(reader.settled).toBe(false);
    await run(30_000);
    expect(await reader.promise).toBeNull();
  });

  it('XREAD BLOCK with $ is woken by the next XADD and gets only what came after it blocked', async () => {
    const { client, run } = streamKit();
    const writer = client('writer');
    await writer.xadd('s', '1-0', 'v', 'old');
    const reader = watch(client('reader').xread('BLOCK', 0, 'STREAMS', 's', '$'));
    await run(100);
    expect(reader.settled).toBe(false);
    await writer.xadd('s', '2-0', 'v', 'new');
    await run();
    expect(values(await reader.promise)).toEqual([['new']]);
  });

  it('blocked group readers are served in the order they blocked, each with what is left', async () => {
    const { client, run } = streamKit();
    const writer = client('writer');
    await writer.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
    const first = client('a').xreadgroup(
      'GROUP',
      'g',
      'a',
      'COUNT',
      1,
      'BLOCK',
      0,
      'STREAMS',
      's',
      '>',
    );
    const second = client('b').xreadgroup('GROUP', 'g', 'b', 'BLOCK', 0, 'STREAMS', 's', '>');
    await run(10);
    await writer.xadd('s', 'MAXLEN', 100, '*', 'v', 'x');
    await writer.xadd('s', '*', 'v', 'y');
    await run();
    expect(values(await first)).toEqual([['x']]);
    expect(values(await second)).toEqual([['y']]);
  });

  it('commands after a blocked read wait on that connection; another client goes ahead', async () => {
    const { client, run } = streamKit();
    const consumer = client('consumer');
    const other = client('other');
    await other.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
    const read = watch(consumer.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 5000, 'STREAMS', 's', '>'));
    const ack = watch(consumer.xack('s', 'g', '1-0'));
    expect(await other.xlen('s')).toBe(0);
    await run(4000);
    expect([read.settled, ack.settled]).toEqual([false, false]);
    await run(5000);
    expect(await read.promise).toBeNull();
    expect(await ack.promise).toBe(0);
  });

  it('QUIT waits behind a blocked read, then closes', async () => {
    const { client, run } = streamKit();
    const reader = client('reader');
    const read = watch(reader.xread('BLOCK', 1000, 'STREAMS', 's', '$'));
    const quit = watch(reader.quit());
    await run(999);
    expect([read.settled, quit.settled]).toEqual([false, false]);
    await run(1000);
    expect(await quit.promise).toBe('OK');
    expect(reader.status).toBe('end');
  });

  it('disconnect() fails the blocked read and what waited behind it with "Connection is closed."', async () => {
    const { client } = streamKit();
    const reader = client('reader');
    const read = outcome(() => reader.xread('BLOCK', 0, 'STREAMS', 's', '$'));
    const ping = outcome(() => reader.ping());
    reader.disconnect();
    expect([await read, await ping]).toEqual([
      { error: 'Connection is closed.' },
      { error: 'Connection is closed.' },
    ]);
  });

  it("a crashed consumer's blocked read never answers; what it had read stays pending until claimed", async () => {
    const { client, run } = streamKit();
    const producer = client('producer');
    const worker = client('worker');
    await producer.xgroup('CREATE', 'jobs', 'g', '$', 'MKSTREAM');
    await producer.xadd('jobs', '*', 'job', 'j1');
    await worker.xreadgroup('GROUP', 'g', 'w1', 'STREAMS', 'jobs', '>');
    const blocked = watch(
      worker.xreadgroup('GROUP', 'g', 'w1', 'BLOCK', 0, 'STREAMS', 'jobs', '>'),
    );
    await run(100);
    worker.processCrashed();
    await producer.xadd('jobs', '*', 'job', 'j2');
    await run(60_000);
    expect(blocked.settled).toBe(false);
    expect((await producer.xpending('jobs', 'g')).slice(0, 1)).toEqual([1]);
    const rescuer = client('rescuer');
    const [, claimed] = (await rescuer.xautoclaim('jobs', 'g', 'w2', 30_000, '0')) as [
      string,
      [string, string[]][],
    ];
    expect(claimed.map(([, f]) => f[1])).toEqual(['j1']);
    expect(values(await rescuer.xreadgroup('GROUP', 'g', 'w2', 'STREAMS', 'jobs', '>'))).toEqual([
      ['j2'],
    ]);
  });

  it('a dropped connection resends the blocked read after ioredis reconnects (50 ms)', async () => {
    const { broker, client, run } = streamKit();
    const writer = client('writer');
    const reader = client('reader');
    const read = watch(reader.xread('BLOCK', 0, 'STREAMS', 's', '0'));
    await run(10);
    expect(broker.crash('reader')).toBe(1);
    await writer.xadd('s', '*', 'v', 'while-away');
    await run();
    expect(reader.status).toBe('ready');
    expect(values(await read.promise)).toEqual([['while-away']]);
  });

  it('after a restart the resent XREADGROUP finds no group: Redis kept nothing', async () => {
    const { broker, client, run } = streamKit();
    const reader = client('reader');
    await reader.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
    const read = outcome(() =>
      reader.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>'),
    );
    await run(10);
    broker.restart();
    await run();
    expect(await read).toEqual({
      error: "NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option",
    });
  });

  it('DEL of the key fails blocked group readers with UNBLOCKED; plain readers keep waiting', async () => {
    const { client, run } = streamKit();
    const admin = client('admin');
    await admin.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
    const group = outcome(() =>
      client('a').xreadgroup('GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>'),
    );
    const plain = watch(client('b').xread('BLOCK', 0, 'STREAMS', 's', '$'));
    await run(10);
    await admin.del('s');
    expect(await group).toEqual({ error: 'UNBLOCKED the stream key no longer exists' });
    await admin.xadd('s', '*', 'v', 'again');
    await run();
    expect(values(await plain.promise)).toEqual([['again']]);
  });

  it('a dropped delivery leaves the entry pending for the consumer that never saw it', async () => {
    const faults: FaultSettings = { ...noFaults, drop: 1 };
    const { broker, client, run, events } = streamKit({ seed: 3 });
    const r = client('worker');
    await r.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
    await r.xadd('s', '1-0', 'v', 'lost');
    broker.setFaults(faults);
    const read = r.xreadgroup('GROUP', 'g', 'c', 'STREAMS', 's', '>');
    await run();
    expect(await read).toBeNull();
    broker.setFaults(noFaults);
    expect(await r.xpending('s', 'g', '-', '+', 10)).toEqual([['1-0', 'c', 0, 1]]);
    expect(events.find((e) => e.kind === 'dropped')).toMatchObject({
      reason: 'fault-drop',
      from: 'group:s/g',
      to: 'worker',
    });
  });

  it('a duplicated delivery arrives twice in the reply; a delayed one holds the connection', async () => {
    const { broker, client, run } = streamKit({ seed: 3 });
    const r = client('reader');
    await r.xadd('s', '1-0', 'v', 'x');
    broker.setFaults({ ...noFaults, duplicate: 1 });
    const doubled = r.xread('STREAMS', 's', '0');
    await run();
    expect(values(await doubled)).toEqual([['x', 'x']]);
    broker.setFaults({ ...noFaults, delayMs: 200 });
    const delayed = watch(r.xread('STREAMS', 's', '0'));
    const behind = watch(r.xlen('s'));
    await run(199);
    expect([delayed.settled, behind.settled]).toEqual([false, false]);
    await run(400);
    expect(values(await delayed.promise)).toEqual([['x']]);
    expect(await behind.promise).toBe(1);
  });

  it('the same seed drops the same stream deliveries', async () => {
    const dropped = async (): Promise<string[]> => {
      const { broker, client, run, events } = streamKit({ seed: 42 });
      const writer = client('writer');
      const reader = client('reader');
      for (let i = 1; i <= 40; i++) await writer.xadd('s', `${i}-0`, 'n', i);
      broker.setFaults({ ...noFaults, drop: 0.3 });
      const read = reader.xread('STREAMS', 's', '0');
      await run();
      await read;
      return events.filter((e) => e.reason === 'fault-drop').map((e) => e.messageId ?? '');
    };
    const first = await dropped();
    expect(first.length).toBeGreaterThan(0);
    expect(await dropped()).toEqual(first);
  });
});
