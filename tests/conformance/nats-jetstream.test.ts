import { beforeAll, describe } from 'vitest';
import { natsConformance, requireNats, type NatsScenarioEnv } from './harness';

beforeAll(requireNats);

/** A connection, its JetStream manager and client, and a stream deleted at the end. */
async function setUp(env: NatsScenarioEnv, streamConfig: Record<string, unknown> = {}) {
  const nc = await env.nats.connect({ port: 4222 });
  env.cleanup(() => (nc.isClosed() ? undefined : nc.close()));
  const jsm = await env.jetstream.jetstreamManager(nc);
  const js = env.jetstream.jetstream(nc);
  const stream = env.stream('S');
  const subject = env.subject('s');
  await jsm.streams.add({ name: stream, subjects: [`${subject}.>`], ...streamConfig });
  env.cleanup(() => jsm.streams.delete(stream).catch(() => undefined));
  return { nc, jsm, js, stream, subject };
}

function failure(error: unknown) {
  const e = error as { name?: string; message?: string; code?: unknown; cause?: { name?: string } };
  return { name: e.name, message: e.message, code: e.code, cause: e.cause?.name };
}

async function attempt(work: () => Promise<unknown>) {
  try {
    return { ok: await work() };
  } catch (error) {
    return failure(error);
  }
}

/** `value` without the named keys. */
function omit(value: unknown, ...keys: string[]): Record<string, unknown> {
  const rest = { ...(value as Record<string, unknown>) };
  for (const key of keys) delete rest[key];
  return rest;
}

/** The parts of stream state that do not depend on the wall clock. */
function state(info: { state: unknown }) {
  return omit(info.state, 'first_ts', 'last_ts');
}

/** The parts of consumer info that do not depend on the wall clock or generated names. */
function consumerState(info: Record<string, unknown>) {
  const seq = (s: unknown) => omit(s, 'last_active');
  return {
    delivered: seq(info['delivered']),
    ack_floor: seq(info['ack_floor']),
    num_ack_pending: info['num_ack_pending'],
    num_redelivered: info['num_redelivered'],
    num_pending: info['num_pending'],
  };
}

type JsMsgLike = {
  subject: string;
  string(): string;
  seq: number;
  info: { deliveryCount: number; pending: number };
  redelivered: boolean;
};
const describeMsg = (m: JsMsgLike, prefix: string) =>
  `${m.subject.slice(prefix.length)}=${m.string()}#${m.seq}x${m.info.deliveryCount}`;

async function fetchAll(
  consumer: { fetch(o: object): Promise<AsyncIterable<JsMsgLike & { ack(): void }>> },
  prefix: string,
  max: number,
  ack = true,
) {
  const got: string[] = [];
  for await (const m of await consumer.fetch({ max_messages: max, expires: 1000 })) {
    got.push(describeMsg(m, prefix));
    if (ack) m.ack();
  }
  return got;
}

describe('JetStream: simulator vs real nats-server', () => {
  natsConformance('stream-create-defaults-and-errors', async (env) => {
    const { jsm, stream, subject } = await setUp(env);
    const info = await jsm.streams.info(stream);
    const config = omit(info.config, 'name', 'subjects');
    return {
      config,
      state: state(info),
      sameAgain: await attempt(
        async () =>
          (await jsm.streams.add({ name: stream, subjects: [`${subject}.>`] })).config.retention,
      ),
      different: await attempt(() =>
        jsm.streams.add({ name: stream, subjects: [`${subject}.other`] }),
      ),
      overlap: await attempt(() =>
        jsm.streams.add({ name: env.stream('O'), subjects: [`${subject}.a`] }),
      ),
      missing: await attempt(() => jsm.streams.info(env.stream('missing'))),
      badName: await attempt(() =>
        jsm.streams.add({ name: 'a.b', subjects: [env.subject('bad')] }),
      ),
    };
  });

  natsConformance('publish-acks-and-the-duplicate-window', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    const acks = [];
    acks.push(await js.publish(`${subject}.a`, 'one', { msgID: 'id-1' }));
    acks.push(await js.publish(`${subject}.a`, 'one again', { msgID: 'id-1' }));
    acks.push(await js.publish(`${subject}.b`, 'two', { msgID: 'id-2' }));
    acks.push(await js.publish(`${subject}.b`, 'three'));
    return {
      acks: acks.map(({ stream: s, ...rest }) => ({ ...rest, sameStream: s === stream })),
      state: state(await jsm.streams.info(stream)),
    };
  });

  natsConformance('publish-expectations-refused', async (env) => {
    const { js, subject, stream } = await setUp(env);
    await js.publish(`${subject}.a`, '1', { msgID: 'm1' });
    await js.publish(`${subject}.b`, '2', { msgID: 'm2' });
    return {
      lastSequence: await attempt(() =>
        js.publish(`${subject}.a`, 'x', { expect: { lastSequence: 1 } }),
      ),
      lastSequenceOk: await attempt(
        async () => (await js.publish(`${subject}.a`, 'x', { expect: { lastSequence: 2 } })).seq,
      ),
      lastMsgID: await attempt(() =>
        js.publish(`${subject}.a`, 'x', { expect: { lastMsgID: 'm1' } }),
      ),
      streamName: await attempt(() =>
        js.publish(`${subject}.a`, 'x', { expect: { streamName: 'OTHER' } }),
      ),
      streamNameOk: await attempt(
        async () => (await js.publish(`${subject}.a`, 'x', { expect: { streamName: stream } })).seq,
      ),
      lastSubjectSequence: await attempt(() =>
        js.publish(`${subject}.b`, 'x', { expect: { lastSubjectSequence: 1 } }),
      ),
      lastSubjectSequenceOk: await attempt(
        async () =>
          (await js.publish(`${subject}.b`, 'x', { expect: { lastSubjectSequence: 2 } })).seq,
      ),
      noStream: await attempt(() => js.publish(env.subject('nostream'), 'x')),
    };
  });

  natsConformance('limits-discard-old-and-per-subject', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env, { max_msgs: 3, max_msgs_per_subject: 2 });
    for (const [s, d] of [
      ['a', 1],
      ['a', 2],
      ['a', 3],
      ['b', 4],
      ['c', 5],
    ] as const)
      await js.publish(`${subject}.${s}`, String(d));
    const consumer = await jsm.consumers.add(stream, {
      durable_name: 'all',
      ack_policy: env.jetstream.AckPolicy.None,
    });
    const got = await fetchAll(await js.consumers.get(stream, consumer.name), subject, 5, false);
    return { state: state(await jsm.streams.info(stream)), got };
  });

  natsConformance('limits-discard-new-refuses', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env, {
      max_msgs: 2,
      discard: env.jetstream.DiscardPolicy.New,
    });
    const results = [];
    for (const d of ['1', '2', '3'])
      results.push(await attempt(async () => (await js.publish(`${subject}.a`, d)).seq));
    await jsm.streams.update(stream, { max_msgs: -1, max_bytes: 200 });
    for (const d of ['x'.repeat(40), 'y'.repeat(40)])
      results.push(await attempt(async () => (await js.publish(`${subject}.a`, d)).seq));
    return { results, state: state(await jsm.streams.info(stream)) };
  });

  natsConformance('max-bytes-with-file-and-memory-storage', async (env) => {
    const file = await setUp(env, { max_bytes: 200 });
    const memoryName = env.stream('M');
    const memorySubject = env.subject('m');
    await file.jsm.streams.add({
      name: memoryName,
      subjects: [`${memorySubject}.>`],
      storage: env.jetstream.StorageType.Memory,
      max_bytes: 200,
    });
    env.cleanup(() => file.jsm.streams.delete(memoryName));
    const h = env.nats.headers();
    h.set('X-Kind', 'demo');
    for (let i = 0; i < 4; i++) {
      await file.js.publish(`${file.subject}.a`, `payload-${i}`, i % 2 ? { headers: h } : {});
      await file.js.publish(`${memorySubject}.a`, `payload-${i}`, i % 2 ? { headers: h } : {});
    }
    return {
      file: state(await file.jsm.streams.info(file.stream)),
      memory: state(await file.jsm.streams.info(memoryName)),
    };
  });

  natsConformance('interest-retention-keeps-only-what-consumers-need', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env, {
      retention: env.jetstream.RetentionPolicy.Interest,
    });
    const skipped = await js.publish(`${subject}.a`, 'nobody');
    await jsm.consumers.add(stream, {
      durable_name: 'one',
      ack_policy: env.jetstream.AckPolicy.Explicit,
    });
    await jsm.consumers.add(stream, {
      durable_name: 'two',
      ack_policy: env.jetstream.AckPolicy.Explicit,
    });
    await js.publish(`${subject}.a`, 'both');
    const afterPublish = state(await jsm.streams.info(stream));
    const first = await fetchAll(await js.consumers.get(stream, 'one'), subject, 1);
    await js.publish(`${subject}.a`, 'flush');
    const afterOne = state(await jsm.streams.info(stream));
    const second = await fetchAll(await js.consumers.get(stream, 'two'), subject, 2);
    await env.pause(50);
    return {
      skipped: skipped.seq,
      afterPublish,
      first,
      afterOne,
      second,
      afterBoth: state(await jsm.streams.info(stream)),
    };
  });

  natsConformance('workqueue-removes-on-ack-and-allows-one-reader', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env, {
      retention: env.jetstream.RetentionPolicy.Workqueue,
    });
    await jsm.consumers.add(stream, {
      durable_name: 'worker',
      ack_policy: env.jetstream.AckPolicy.Explicit,
    });
    const second = await attempt(() =>
      jsm.consumers.add(stream, {
        durable_name: 'other',
        ack_policy: env.jetstream.AckPolicy.Explicit,
      }),
    );
    const ackNone = await attempt(() =>
      jsm.consumers.add(stream, {
        durable_name: 'none',
        ack_policy: env.jetstream.AckPolicy.None,
        filter_subject: `${subject}.x`,
      }),
    );
    for (const d of ['1', '2', '3']) await js.publish(`${subject}.job`, d);
    const got = await fetchAll(await js.consumers.get(stream, 'worker'), subject, 2);
    await env.pause(50);
    return { second, ackNone, got, state: state(await jsm.streams.info(stream)) };
  });

  natsConformance('durable-consumer-fetch-ack-and-info', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    for (const d of ['1', '2', '3', '4']) await js.publish(`${subject}.o`, d);
    const created = await jsm.consumers.add(stream, {
      durable_name: 'billing',
      ack_policy: env.jetstream.AckPolicy.Explicit,
    });
    const consumer = await js.consumers.get(stream, 'billing');
    const got = await fetchAll(consumer, subject, 3);
    await env.pause(50);
    const info = await consumer.info();
    const { config } = created;
    return {
      config,
      created: consumerState(created),
      got,
      after: consumerState(info),
      name: info.name,
    };
  });

  natsConformance('fetch-returns-what-there-is-when-it-expires', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    await js.publish(`${subject}.o`, 'only');
    await jsm.consumers.add(stream, {
      durable_name: 'c',
      ack_policy: env.jetstream.AckPolicy.Explicit,
    });
    const consumer = await js.consumers.get(stream, 'c');
    const got = await fetchAll(consumer, subject, 10);
    const nothing = await consumer.next({ expires: 1000 });
    return { got, nothing };
  });

  natsConformance('nak-redelivers-with-a-higher-count', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    await js.publish(`${subject}.o`, 'retry me');
    await jsm.consumers.add(stream, {
      durable_name: 'c',
      ack_policy: env.jetstream.AckPolicy.Explicit,
    });
    const consumer = await js.consumers.get(stream, 'c');
    const seen: unknown[] = [];
    const first = await consumer.next({ expires: 1000 });
    seen.push([first?.info.deliveryCount, first?.redelivered]);
    first?.nak();
    const second = await consumer.next({ expires: 1000 });
    seen.push([second?.info.deliveryCount, second?.redelivered, second?.string()]);
    await env.pause(50);
    const pendingInfo = consumerState(await consumer.info());
    second?.ack();
    await env.pause(50);
    return { seen, pendingInfo, done: consumerState(await consumer.info()) };
  });

  natsConformance('ack-wait-expiry-redelivers-and-term-does-not', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    await js.publish(`${subject}.o`, 'slow');
    await js.publish(`${subject}.o`, 'poison');
    await jsm.consumers.add(stream, {
      durable_name: 'c',
      ack_policy: env.jetstream.AckPolicy.Explicit,
      ack_wait: env.nats.nanos(1000),
    });
    const consumer = await js.consumers.get(stream, 'c');
    const first: string[] = [];
    for await (const m of await consumer.fetch({ max_messages: 2, expires: 1000 })) {
      first.push(describeMsg(m, subject));
      if (m.string() === 'poison') m.term();
    }
    await env.pause(1300);
    const again = await fetchAll(consumer, subject, 2);
    return { first, again, info: consumerState(await consumer.info()) };
  });

  natsConformance('max-deliver-gives-up', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    await js.publish(`${subject}.o`, 'doomed');
    await jsm.consumers.add(stream, {
      durable_name: 'c',
      ack_policy: env.jetstream.AckPolicy.Explicit,
      max_deliver: 2,
    });
    const consumer = await js.consumers.get(stream, 'c');
    const counts: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const m = await consumer.next({ expires: 1000 });
      counts.push(m ? m.info.deliveryCount : null);
      m?.nak();
    }
    return { counts, info: consumerState(await consumer.info()) };
  });

  natsConformance('ack-all-acks-everything-up-to-it', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    for (const d of ['1', '2', '3', '4']) await js.publish(`${subject}.o`, d);
    await jsm.consumers.add(stream, { durable_name: 'c', ack_policy: env.jetstream.AckPolicy.All });
    const consumer = await js.consumers.get(stream, 'c');
    let third: { ack(): void } | undefined;
    for await (const m of await consumer.fetch({ max_messages: 4, expires: 1000 }))
      if (m.seq === 3) third = m;
    third?.ack();
    await env.pause(100);
    return consumerState(await consumer.info());
  });

  natsConformance('deliver-policies-pick-the-starting-point', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    for (const [s, d] of [
      ['a', '1'],
      ['b', '2'],
      ['a', '3'],
      ['b', '4'],
    ])
      await js.publish(`${subject}.${s}`, d);
    const { DeliverPolicy, AckPolicy } = env.jetstream;
    const first = async (name: string, config: Record<string, unknown>) => {
      await jsm.consumers.add(stream, {
        durable_name: name,
        ack_policy: AckPolicy.Explicit,
        ...config,
      });
      const info = await jsm.consumers.info(stream, name);
      const m = await (await js.consumers.get(stream, name)).next({ expires: 1000 });
      return { pending: info.num_pending, first: m ? describeMsg(m, subject) : null };
    };
    return {
      all: await first('all', { deliver_policy: DeliverPolicy.All }),
      last: await first('last', { deliver_policy: DeliverPolicy.Last }),
      new: await first('new', { deliver_policy: DeliverPolicy.New }),
      seq: await first('seq', { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: 3 }),
      lastPerSubject: await first('lps', {
        deliver_policy: DeliverPolicy.LastPerSubject,
        filter_subject: `${subject}.>`,
      }),
      lastFiltered: await first('lf', {
        deliver_policy: DeliverPolicy.Last,
        filter_subject: `${subject}.a`,
      }),
      badPolicy: await attempt(() =>
        jsm.consumers.add(stream, {
          durable_name: 'bad',
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.StartSequence,
        }),
      ),
    };
  });

  natsConformance('filtered-consumer-sees-only-its-subjects', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    for (const [s, d] of [
      ['eu', '1'],
      ['us', '2'],
      ['eu', '3'],
    ])
      await js.publish(`${subject}.${s}`, d);
    const info = await jsm.consumers.add(stream, {
      durable_name: 'eu',
      ack_policy: env.jetstream.AckPolicy.Explicit,
      filter_subject: `${subject}.eu`,
    });
    const got = await fetchAll(await js.consumers.get(stream, 'eu'), subject, 5);
    const outside = await attempt(() =>
      jsm.consumers.add(stream, {
        durable_name: 'x',
        ack_policy: env.jetstream.AckPolicy.Explicit,
        filter_subject: env.subject('elsewhere'),
      }),
    );
    return { pending: info.num_pending, got, outside };
  });

  natsConformance('ordered-consumer-reads-everything-in-order', async (env) => {
    const { js, stream, subject } = await setUp(env);
    for (const d of ['1', '2', '3']) await js.publish(`${subject}.o`, d);
    const ordered = await js.consumers.get(stream);
    const got: string[] = [];
    for await (const m of await ordered.fetch({ max_messages: 3, expires: 1000 }))
      got.push(`${m.string()}#${m.info.deliveryCount}`);
    await js.publish(`${subject}.o`, '4');
    const next = await ordered.next({ expires: 1000 });
    return { got, next: next?.string(), isPull: ordered.isPullConsumer() };
  });

  natsConformance('consume-keeps-pulling-as-messages-arrive', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    await jsm.consumers.add(stream, {
      durable_name: 'c',
      ack_policy: env.jetstream.AckPolicy.Explicit,
    });
    const consumer = await js.consumers.get(stream, 'c');
    const messages = await consumer.consume({ max_messages: 2 });
    const got: string[] = [];
    const reading = (async () => {
      for await (const m of messages) {
        got.push(m.string());
        m.ack();
        if (got.length === 5) break;
      }
    })();
    for (const d of ['1', '2', '3', '4', '5']) await js.publish(`${subject}.o`, d);
    await reading;
    await env.pause(50);
    return { got, info: consumerState(await consumer.info()) };
  });

  natsConformance('purge-delete-and-get-messages', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    for (const [s, d] of [
      ['a', '1'],
      ['b', '2'],
      ['a', '3'],
      ['a', '4'],
      ['b', '5'],
    ])
      await js.publish(`${subject}.${s}`, d);
    const get = async (query: Parameters<typeof jsm.streams.getMessage>[1]) => {
      const m = await jsm.streams.getMessage(stream, query);
      return m ? `${m.subject.slice(subject.length)}=${m.string()}#${m.seq}` : null;
    };
    const bySeq = await get({ seq: 2 });
    const lastA = await get({ last_by_subj: `${subject}.a` });
    const missing = await get({ seq: 99 });
    const deleted = await jsm.streams.deleteMessage(stream, 2);
    const deletedAgain = await attempt(() => jsm.streams.deleteMessage(stream, 2));
    const afterDelete = state(await jsm.streams.info(stream));
    const keepOne = await jsm.streams.purge(stream, { filter: `${subject}.a`, keep: 1 });
    const afterKeep = state(await jsm.streams.info(stream));
    const all = await jsm.streams.purge(stream);
    return {
      bySeq,
      lastA,
      missing,
      deleted,
      deletedAgain,
      afterDelete,
      keepOne,
      afterKeep,
      all,
      end: state(await jsm.streams.info(stream)),
    };
  });

  natsConformance('consumer-list-delete-and-not-found', async (env) => {
    const { jsm, stream } = await setUp(env);
    const { AckPolicy } = env.jetstream;
    await jsm.consumers.add(stream, { durable_name: 'b', ack_policy: AckPolicy.Explicit });
    await jsm.consumers.add(stream, { durable_name: 'a', ack_policy: AckPolicy.Explicit });
    const names: string[] = [];
    for await (const c of jsm.consumers.list(stream)) names.push(c.name);
    const deleted = await jsm.consumers.delete(stream, 'a');
    return {
      names: names.sort(),
      deleted,
      info: await attempt(() => jsm.consumers.info(stream, 'a')),
      deleteAgain: await attempt(() => jsm.consumers.delete(stream, 'a')),
      changeAckPolicy: await attempt(() =>
        jsm.consumers.add(stream, { durable_name: 'b', ack_policy: AckPolicy.None }),
      ),
      noStream: await attempt(() =>
        jsm.consumers.add(env.stream('none'), {
          durable_name: 'b',
          ack_policy: AckPolicy.Explicit,
        }),
      ),
      consumerCount: (await jsm.streams.info(stream)).state.consumer_count,
    };
  });

  natsConformance('stream-update-rules', async (env) => {
    const { jsm, stream, subject } = await setUp(env);
    return {
      addSubject: await attempt(
        async () =>
          (await jsm.streams.update(stream, { subjects: [`${subject}.>`, env.subject('extra')] }))
            .config.subjects.length,
      ),
      storage: await attempt(() =>
        // The client's types leave storage out of an update; the server refuses it.
        jsm.streams.update(stream, { storage: env.jetstream.StorageType.Memory } as never),
      ),
      retention: await attempt(() =>
        jsm.streams.update(stream, { retention: env.jetstream.RetentionPolicy.Workqueue } as never),
      ),
      missing: await attempt(() => jsm.streams.update(env.stream('missing'), { max_msgs: 3 })),
      deleteMissing: await attempt(() => jsm.streams.delete(env.stream('missing'))),
    };
  });

  natsConformance('max-ack-pending-stalls-delivery', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    for (const d of ['1', '2', '3', '4', '5']) await js.publish(`${subject}.o`, d);
    await jsm.consumers.add(stream, {
      durable_name: 'c',
      ack_policy: env.jetstream.AckPolicy.Explicit,
      max_ack_pending: 2,
    });
    const consumer = await js.consumers.get(stream, 'c');
    const held = await fetchAll(consumer, subject, 5, false);
    const info = consumerState(await consumer.info());
    return { held, info };
  });

  natsConformance('working-extends-the-ack-wait-and-ackack-confirms', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    await js.publish(`${subject}.o`, 'long job');
    await jsm.consumers.add(stream, {
      durable_name: 'c',
      ack_policy: env.jetstream.AckPolicy.Explicit,
      ack_wait: env.nats.nanos(1000),
    });
    const consumer = await js.consumers.get(stream, 'c');
    const m = await consumer.next({ expires: 1000 });
    await env.pause(700);
    m?.working();
    await env.pause(700);
    const confirmed = await m?.ackAck();
    await env.pause(500);
    return { confirmed, info: consumerState(await consumer.info()) };
  });

  natsConformance('backoff-spaces-out-redeliveries', async (env) => {
    const { js, jsm, stream, subject } = await setUp(env);
    await js.publish(`${subject}.o`, 'flaky');
    const created = await jsm.consumers.add(stream, {
      durable_name: 'c',
      ack_policy: env.jetstream.AckPolicy.Explicit,
      max_deliver: 3,
      backoff: [env.nats.nanos(400), env.nats.nanos(1200)],
    });
    const consumer = await js.consumers.get(stream, 'c');
    const first = await consumer.next({ expires: 1000 });
    await env.pause(600);
    const second = await consumer.next({ expires: 1000 });
    await env.pause(600);
    const tooEarly = consumerState(await consumer.info());
    const third = await consumer.next({ expires: 2000 });
    const bad = await attempt(() =>
      jsm.consumers.add(stream, {
        durable_name: 'bad',
        ack_policy: env.jetstream.AckPolicy.Explicit,
        max_deliver: 2,
        backoff: [env.nats.nanos(100), env.nats.nanos(200)],
      }),
    );
    return {
      ackWait: created.config.ack_wait,
      counts: [first?.info.deliveryCount, second?.info.deliveryCount, third?.info.deliveryCount],
      tooEarly,
      bad,
    };
  });
});
