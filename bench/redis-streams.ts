// Redis Streams scenarios for the broker section (bench/broker.bench.ts): XADD → XREADGROUP →
// XACK throughput, run the same way on the simulator and on the real Redis, and the memory the
// simulator holds per retained small entry. Not a section of its own (no `.bench.` in the name).
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { createBroker } from '../src/broker/index';

/** The slice of an ioredis client the scenario uses (the real one and the simulator's). */
export interface StreamsClientLike {
  xadd(key: string, ...args: (string | number)[]): Promise<unknown>;
  xgroup(...args: (string | number)[]): Promise<unknown>;
  xreadgroup(...args: (string | number)[]): Promise<unknown>;
  xack(key: string, group: string, ...ids: string[]): Promise<number>;
  del(...keys: string[]): Promise<number>;
}

type ReadReply = [string, [string, string[]][]][] | null;

/**
 * One producer XADDs `n` small entries (without waiting for each reply); one consumer loops
 * XREADGROUP COUNT `batch` BLOCK 0 on `>` and XACKs what each read brought, in one XACK.
 * Measured from the first XADD to the last XACK's reply.
 */
export async function streamsScenario(
  producer: StreamsClientLike,
  consumer: StreamsClientLike,
  n: number,
  pump: () => Promise<void>,
  wait: (done: () => boolean) => Promise<void>,
  stopwatch: () => () => { ms: number; cpuMs: number },
  batch = 100,
): Promise<{ n: number; ms: number; cpuMs: number }> {
  const key = `bench-stream-${Date.now().toString(36)}`;
  await producer.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
  let acked = 0;
  const consume = async (): Promise<void> => {
    while (acked < n) {
      const reply = (await consumer.xreadgroup(
        'GROUP',
        'g',
        'c',
        'COUNT',
        batch,
        'BLOCK',
        0,
        'STREAMS',
        key,
        '>',
      )) as ReadReply;
      const ids = (reply?.[0]?.[1] ?? []).map(([id]) => id);
      if (ids.length > 0) acked += await consumer.xack(key, 'g', ...ids);
    }
  };
  const stop = stopwatch();
  const consuming = consume();
  for (let i = 0; i < n; i++) {
    void producer.xadd(key, '*', 'n', `{"n":${i}}`);
    if (i % 1000 === 999) await pump();
  }
  await wait(() => acked >= n);
  await consuming;
  const result = { n, ...stop() };
  await producer.del(key);
  return result;
}

/**
 * Bytes the simulator holds per retained entry: heap + array buffers after two GCs, before and
 * after XADDing `n` entries of one field (`n`) and a distinct 10–16 character value
 * (`{"n":123456}`), with no consumer and no trace subscriber; divided by `n`.
 */
export async function streamsMemoryPerEntry(
  n: number,
  gc: () => void,
): Promise<{ n: number; bytesPerEntry: number }> {
  const used = (): number => {
    gc();
    gc();
    const memory = process.memoryUsage();
    return memory.heapUsed + memory.arrayBuffers;
  };
  const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
  const broker = createBroker({ scheduler, seed: 1 });
  const client = new (broker.modulesFor('bench').ioredis.default)();
  await client.xadd('warm-up', '*', 'n', 0);
  const before = used();
  for (let i = 0; i < n; i += 1000) {
    const adds: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(n, i + 1000); j++)
      adds.push(client.xadd('mem', '*', 'n', `{"n":${j}}`));
    await Promise.all(adds);
  }
  const after = used();
  if ((await client.xlen('mem')) !== n) throw new Error('entries went missing');
  broker.close();
  return { n, bytesPerEntry: (after - before) / n };
}
