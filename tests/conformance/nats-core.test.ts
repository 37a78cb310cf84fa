import { beforeAll, describe } from 'vitest';
import { natsConformance, requireNats, type NatsScenarioEnv } from './harness';

beforeAll(requireNats);

type Msg = { subject: string; string(): string };

/** A connection closed at the end of the scenario whatever happens. */
async function open(env: NatsScenarioEnv, opts: Record<string, unknown> = {}) {
  const nc = await env.nats.connect({ port: 4222, ...opts });
  env.cleanup(() => (nc.isClosed() ? undefined : nc.close()));
  return nc;
}

/** The error a call threw, as plain data. */
function failure(error: unknown) {
  const e = error as {
    name?: string;
    message?: string;
    cause?: { name?: string; message?: string };
  };
  return {
    name: e.name,
    message: e.message,
    cause: e.cause ? { name: e.cause.name, message: e.cause.message } : undefined,
  };
}

describe('NATS core: simulator vs real nats-server', () => {
  natsConformance('wildcards-follow-nats-subject-rules', async (env) => {
    const nc = await open(env);
    const p = env.subject('w');
    const got: Record<string, string[]> = {};
    for (const filter of ['*', '>', 'a.*', 'a.>', '*.b', 'a.b']) {
      got[filter] = [];
      nc.subscribe(`${p}.${filter}`, {
        callback: (_e, m: Msg) => void got[filter]!.push(m.subject.slice(p.length + 1)),
      });
    }
    await nc.flush();
    for (const s of ['a', 'a.b', 'a.b.c', 'x.b', 'a*', 'b']) nc.publish(`${p}.${s}`, s);
    await nc.flush();
    await env.until(() => got['>']!.length >= 6);
    await env.pause(50);
    return got;
  });

  natsConformance('no-interest-means-the-message-is-gone', async (env) => {
    const nc = await open(env);
    const subject = env.subject('gone');
    nc.publish(subject, 'before anyone listens');
    await nc.flush();
    const got: string[] = [];
    nc.subscribe(subject, { callback: (_e, m: Msg) => void got.push(m.string()) });
    await nc.flush();
    nc.publish(subject, 'after');
    await nc.flush();
    await env.until(() => got.length >= 1);
    await env.pause(50);
    return got;
  });

  natsConformance('queue-group-gives-each-message-to-one-member', async (env) => {
    const nc = await open(env);
    const subject = env.subject('work');
    const members: string[][] = [[], [], []];
    const everyone: string[] = [];
    members.forEach((got, i) =>
      nc.subscribe(subject, {
        queue: 'workers',
        callback: (_e, m: Msg) => void got.push(`${i}:${m.string()}`),
      }),
    );
    nc.subscribe(subject, { callback: (_e, m: Msg) => void everyone.push(m.string()) });
    await nc.flush();
    for (let i = 0; i < 30; i++) nc.publish(subject, String(i));
    await nc.flush();
    await env.until(() => everyone.length >= 30 && members.flat().length >= 30);
    await env.pause(50);
    const delivered = members.flat().map((s) => Number(s.split(':')[1]));
    return {
      groupTotal: delivered.length,
      groupDistinct: new Set(delivered).size,
      everyone: everyone.length,
    };
  });

  natsConformance('request-reply-through-the-inbox', async (env) => {
    const nc = await open(env);
    const service = await open(env);
    const subject = env.subject('time');
    service.subscribe(subject, {
      callback: (_e, m) => {
        const h = env.nats.headers();
        h.set('X-Answer', 'yes');
        m.respond(`pong:${m.string()}`, { headers: h });
      },
    });
    await service.flush();
    const answer = await nc.request(subject, 'ping', { timeout: 1000 });
    return {
      data: answer.string(),
      header: answer.headers?.get('X-Answer'),
      replyEmpty: answer.reply,
      inboxLike: answer.subject.startsWith('_INBOX.'),
    };
  });

  natsConformance('request-without-responders-fails-503', async (env) => {
    const nc = await open(env);
    try {
      await nc.request(env.subject('nobody'), 'hello', { timeout: 1000 });
      return 'answered';
    } catch (error) {
      return {
        ...failure(error),
        isNoResponders: (error as { isNoResponders?(): boolean }).isNoResponders?.(),
      };
    }
  });

  natsConformance('request-times-out-when-nobody-answers', async (env) => {
    const nc = await open(env);
    const subject = env.subject('silent');
    nc.subscribe(subject, { callback: () => undefined });
    await nc.flush();
    try {
      await nc.request(subject, 'hello', { timeout: 300 });
      return 'answered';
    } catch (error) {
      return failure(error);
    }
  });

  natsConformance('request-with-its-own-inbox-nomux', async (env) => {
    const nc = await open(env);
    const subject = env.subject('own');
    nc.subscribe(subject, { callback: (_e, m) => void m.respond('own-inbox') });
    await nc.flush();
    const answer = await nc.request(subject, '', { timeout: 1000, noMux: true });
    let missing: unknown;
    try {
      await nc.request(env.subject('none'), '', { timeout: 1000, noMux: true });
    } catch (error) {
      missing = failure(error);
    }
    return { data: answer.string(), missing };
  });

  natsConformance('max-auto-unsubscribes-the-iterator', async (env) => {
    const nc = await open(env);
    const subject = env.subject('max');
    const sub = nc.subscribe(subject, { max: 2 });
    const got: string[] = [];
    const done = (async () => {
      for await (const m of sub) got.push(m.string());
    })();
    await nc.flush();
    for (const s of ['a', 'b', 'c', 'd']) nc.publish(subject, s);
    await nc.flush();
    await done;
    return { got, closed: sub.isClosed(), received: sub.getReceived(), max: sub.getMax() };
  });

  natsConformance('unsubscribe-with-max-counts-what-was-received', async (env) => {
    const nc = await open(env);
    const subject = env.subject('later');
    const got: string[] = [];
    const sub = nc.subscribe(subject, { callback: (_e, m: Msg) => void got.push(m.string()) });
    await nc.flush();
    nc.publish(subject, '1');
    await nc.flush();
    await env.until(() => got.length >= 1);
    sub.unsubscribe(3);
    for (const s of ['2', '3', '4', '5']) nc.publish(subject, s);
    await nc.flush();
    await env.until(() => got.length >= 3);
    await env.pause(50);
    return { got, closed: sub.isClosed() };
  });

  natsConformance('headers-round-trip-with-several-values', async (env) => {
    const nc = await open(env);
    const subject = env.subject('h');
    const seen: unknown[] = [];
    nc.subscribe(subject, {
      callback: (_e, m) =>
        void seen.push({
          keys: m.headers?.keys(),
          values: m.headers?.values('X-Multi'),
          first: m.headers?.get('X-Multi'),
          last: m.headers?.last('X-Multi'),
          code: m.headers?.code,
          hasError: m.headers?.hasError,
          ignoreCase: m.headers?.get('x-single', 'insensitive'),
          data: m.string(),
        }),
    });
    await nc.flush();
    const h = env.nats.headers();
    h.append('X-Multi', 'one');
    h.append('X-Multi', 'two');
    h.set('X-Single', ' spaced ');
    nc.publish(subject, 'with headers', { headers: h });
    nc.publish(subject, 'without');
    await nc.flush();
    await env.until(() => seen.length >= 2);
    let bad: unknown;
    try {
      h.set('Bad:Key', 'v');
    } catch (error) {
      bad = failure(error);
    }
    return { seen, bad };
  });

  natsConformance('json-string-and-bytes-payloads', async (env) => {
    const nc = await open(env);
    const subject = env.subject('codec');
    const seen: unknown[] = [];
    nc.subscribe(subject, {
      callback: (_e, m) =>
        void seen.push({
          text: m.string(),
          length: m.data.length,
          isBytes: m.data instanceof Uint8Array,
        }),
    });
    await nc.flush();
    nc.publish(subject, JSON.stringify({ order: 7, items: ['a'] }));
    nc.publish(subject, new TextEncoder().encode('héllo'));
    nc.publish(subject);
    await nc.flush();
    await env.until(() => seen.length >= 3);
    let wrongType: unknown;
    try {
      nc.publish(subject, 42 as unknown as string);
    } catch (error) {
      wrongType = failure(error);
    }
    const json = await (async () => {
      const sub = nc.subscribe(subject, { max: 1 });
      nc.publish(subject, JSON.stringify({ ok: true }));
      for await (const m of sub) return m.json<{ ok: boolean }>();
      return undefined;
    })();
    return { seen, wrongType, json };
  });

  natsConformance('subscription-drain-delivers-in-flight-then-closes', async (env) => {
    const nc = await open(env);
    const subject = env.subject('drain');
    const got: string[] = [];
    const sub = nc.subscribe(subject, { callback: (_e, m: Msg) => void got.push(m.string()) });
    await nc.flush();
    for (const s of ['1', '2', '3']) nc.publish(subject, s);
    await nc.flush();
    await env.until(() => got.length >= 3);
    await sub.drain();
    nc.publish(subject, 'after');
    await nc.flush();
    await env.pause(50);
    let again: unknown;
    try {
      await sub.drain();
    } catch (error) {
      again = failure(error);
    }
    return { got, closed: sub.isClosed(), again, processed: sub.getProcessed() };
  });

  natsConformance('connection-drain-closes-and-refuses-more', async (env) => {
    const nc = await open(env);
    const subject = env.subject('cdrain');
    const got: string[] = [];
    nc.subscribe(subject, { callback: (_e, m: Msg) => void got.push(m.string()) });
    await nc.flush();
    nc.publish(subject, 'x');
    await nc.flush();
    await env.until(() => got.length >= 1);
    const closed = nc.closed();
    await nc.drain();
    const why = await closed;
    const errors: unknown[] = [];
    for (const attempt of [() => nc.publish(subject, 'late'), () => nc.subscribe(subject)]) {
      try {
        attempt();
      } catch (error) {
        errors.push(failure(error));
      }
    }
    for (const attempt of [() => nc.flush(), () => nc.request(subject, 'r'), () => nc.drain()]) {
      try {
        await attempt();
      } catch (error) {
        errors.push(failure(error));
      }
    }
    return { got, why: why ?? null, isClosed: nc.isClosed(), errors };
  });

  natsConformance('invalid-subjects-are-refused-by-the-client', async (env) => {
    const nc = await open(env);
    const errors: unknown[] = [];
    for (const subject of ['', 'has space', 'tab\there']) {
      try {
        nc.publish(subject, 'x');
      } catch (error) {
        errors.push(failure(error));
      }
      try {
        nc.subscribe(subject);
      } catch (error) {
        errors.push(failure(error));
      }
    }
    return errors;
  });

  natsConformance('no-echo-keeps-a-connections-own-messages-away', async (env) => {
    const quiet = await open(env, { noEcho: true });
    const other = await open(env);
    const subject = env.subject('echo');
    const own: string[] = [];
    const seen: string[] = [];
    quiet.subscribe(subject, { callback: (_e, m: Msg) => void own.push(m.string()) });
    other.subscribe(subject, { callback: (_e, m: Msg) => void seen.push(m.string()) });
    await quiet.flush();
    await other.flush();
    quiet.publish(subject, 'from-quiet');
    other.publish(subject, 'from-other');
    await quiet.flush();
    await other.flush();
    await env.until(() => seen.length >= 2 && own.length >= 1);
    await env.pause(50);
    return { own, seen: seen.sort() };
  });

  natsConformance('respond-without-reply-returns-false', async (env) => {
    const nc = await open(env);
    const subject = env.subject('noreply');
    const answers: boolean[] = [];
    nc.subscribe(subject, { callback: (_e, m) => void answers.push(m.respond('x')) });
    await nc.flush();
    nc.publish(subject, 'plain');
    await nc.flush();
    await env.until(() => answers.length >= 1);
    return {
      answers,
      respondMessage: nc.respondMessage({ subject, data: new Uint8Array(0) } as never),
    };
  });

  natsConformance('close-ends-iterators-and-status-says-close', async (env) => {
    const nc = await open(env);
    const subject = env.subject('close');
    const sub = nc.subscribe(subject);
    const ended = (async () => {
      const got: string[] = [];
      for await (const m of sub) got.push(m.string());
      return got;
    })();
    const events: string[] = [];
    const watching = (async () => {
      for await (const s of nc.status()) events.push(s.type);
    })();
    nc.publish(subject, 'one');
    await nc.flush();
    await env.until(() => sub.getReceived() >= 1);
    await nc.close();
    await watching;
    return {
      got: await ended,
      events,
      subClosed: sub.isClosed(),
      closed: (await nc.closed()) ?? null,
    };
  });
});
