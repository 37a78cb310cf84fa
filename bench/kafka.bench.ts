// Kafka model in virtual time: records/s appended, consumed, and end to end with commits;
// memory held by 1,000,000 retained small records. Run through bench/run.mjs.
import { createKafkaModel } from '../src/broker/kafka/index';
import { createTestContext } from '../src/broker/kafka/test-context';
import { fmt, printTable } from './table.mjs';

const N = 300_000;
const BATCH = 100;

function setup() {
  const t = createTestContext({ seed: 1, record: false });
  let traced = 0;
  // A trace subscriber is on for every run, as the flow view would be.
  t.trace$.subscribe(() => void (traced += 1));
  const model = createKafkaModel(t.ctx, { retentionRecords: Infinity, retentionMs: Infinity });
  const kafka = new model.Kafka({ clientId: 'bench', brokers: ['sim:9092'] });
  return { t, kafka, traced: () => traced };
}

function messages(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    key: `k${from + i}`,
    value: `{"n":${from + i}}`,
  }));
}

async function produce(
  kafka: ReturnType<typeof setup>['kafka'],
  topic: string,
  n: number,
  batch: number,
) {
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < n; i += batch) {
    await producer.send({ topic, messages: messages(i, Math.min(batch, n - i)) });
  }
}

async function startConsumer(s: ReturnType<typeof setup>, topic: string, onMessage: () => void) {
  const consumer = s.kafka.consumer({ groupId: `g-${topic}` });
  await consumer.subscribe({ topic, fromBeginning: true });
  const running = consumer.run({
    eachMessage: () => {
      onMessage();
      return Promise.resolve();
    },
  });
  await s.t.advance(0);
  await running;
  return consumer;
}

async function drain(s: ReturnType<typeof setup>, done: () => boolean) {
  while (!done()) await s.t.advance(1);
}

const rows: (string | number)[][] = [];
const gc = (globalThis as { gc?: () => void }).gc;

/** Starts a stopwatch: wall time, and this process's CPU time (less disturbed by a busy machine). */
function stopwatch() {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  };
}

type Result = { n: number; ms: number; cpuMs: number; traced: number };

/** Runs a scenario 3 times (fresh broker each time, GC in between) and keeps the median. */
async function measure(name: string, run: () => Promise<Result>) {
  const results: Result[] = [];
  for (let i = 0; i < 3; i++) {
    gc?.();
    results.push(await run());
  }
  results.sort((a, b) => a.n / a.ms - b.n / b.ms);
  const m = results[1] ?? results[0];
  if (m !== undefined) {
    rows.push([name, m.n, m.n / (m.ms / 1000), m.n / (m.cpuMs / 1000), m.traced]);
  }
}

// 1. Append only.
await measure('append (send, 100 records/send, 4 partitions)', async () => {
  const s = setup();
  const admin = s.kafka.admin();
  await admin.createTopics({ topics: [{ topic: 'a', numPartitions: 4 }] });
  const stop = stopwatch();
  await produce(s.kafka, 'a', N, BATCH);
  return { n: N, ...stop(), traced: s.traced() };
});

// 2. Consume only (log filled beforehand), autoCommit per batch.
await measure('consume (eachMessage, commit per batch)', async () => {
  const s = setup();
  const admin = s.kafka.admin();
  await admin.createTopics({ topics: [{ topic: 'c', numPartitions: 4 }] });
  await produce(s.kafka, 'c', N, 1000);
  const before = s.traced();
  let consumed = 0;
  const stop = stopwatch();
  await startConsumer(s, 'c', () => void (consumed += 1));
  await drain(s, () => consumed >= N);
  return { n: N, ...stop(), traced: s.traced() - before };
});

// 3. End to end: produce → consume → commit, consumer running while records arrive.
for (const batch of [1, BATCH]) {
  const n = batch === 1 ? N / 3 : N;
  await measure(
    `produce → consume → commit (${batch} record${batch > 1 ? 's' : ''}/send)`,
    async () => {
      const s = setup();
      const admin = s.kafka.admin();
      await admin.createTopics({ topics: [{ topic: 'e', numPartitions: 4 }] });
      let consumed = 0;
      await startConsumer(s, 'e', () => void (consumed += 1));
      const stop = stopwatch();
      const producer = s.kafka.producer();
      await producer.connect();
      for (let i = 0; i < n; i += batch) {
        await producer.send({ topic: 'e', messages: messages(i, batch) });
        if (i % 10_000 < batch) await s.t.advance(0);
      }
      await drain(s, () => consumed >= n);
      return { n, ...stop(), traced: s.traced() };
    },
  );
}

printTable(
  'Kafka model, virtual time, trace subscriber on, median of 3 (target ≥ 1,000,000 records/s)',
  ['scenario', 'records', 'records/s (wall)', 'records/s (CPU)', 'trace events'],
  rows.map(([name, n, rate, cpuRate, traced]) => [
    name,
    fmt(n as number),
    fmt(rate as number),
    fmt(cpuRate as number),
    fmt(traced as number),
  ]),
);

// 4. Memory held by 1,000,000 retained small records.
{
  if (gc === undefined) {
    console.log('memory: run with --expose-gc (bench/run.mjs does) to measure bytes/record\n');
  } else {
    const M = 1_000_000;
    const used = () => {
      gc();
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const s = setup();
    const admin = s.kafka.admin();
    await admin.createTopics({ topics: [{ topic: 'mem', numPartitions: 4 }] });
    const producer = s.kafka.producer();
    await producer.connect();
    const base = used();
    for (let i = 0; i < M; i += 1000)
      await producer.send({ topic: 'mem', messages: messages(i, 1000) });
    const after = used();
    const offsets = await admin.fetchTopicOffsets('mem');
    const retained = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    const sample = messages(123456, 1)[0];
    printTable(
      'Kafka retained records (target ≤ 200 bytes/record)',
      ['records retained', 'heap + array buffers', 'bytes/record', 'record'],
      [
        [
          fmt(retained),
          `${fmt((after - base) / 1048576, 1)} MiB`,
          fmt((after - base) / retained, 1),
          `key "${sample?.key}", value '${sample?.value}'`,
        ],
      ],
    );
  }
}
