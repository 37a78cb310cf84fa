import { join } from 'node:path';
import amqplib from 'amqplib';
import Redis from 'ioredis';
import { describe, expect, it } from 'vitest';
import { listSandboxes, loadSandbox } from '../../../src/runtime/catalog';
import { linesByService, runSandboxCli, runTag } from './run-cli';
import { checkLeftOnBroker, streamNames } from './left-on-broker';

// Every sandbox whose model has a server here runs twice: on the simulator and with
// `--broker real` against Redis, RabbitMQ or NATS on loopback, with the real client packages.
// The console story must be the same, service by service, except for what a real broker may
// legitimately do differently:
//  - order across services: each service is its own thread (its own process, in the
//    downloaded project) and the broker delivers to them in parallel, so lines of different
//    services interleave differently. Lines are compared per service.
//  - order within a service at its start: a message already waiting in its queue (the
//    service's thread took longer to start than the producer's startDelayMs) can reach the
//    consume callback before the `await channel.consume(…)` that started it has returned, so
//    'waiting for orders on queue notification' may come after the first order's line. On the
//    simulator every service is up at run time 0. So each service's lines are compared as a
//    multiset: the same lines, each as often.
//  - which replica takes which message: services that run the same file (worker-1..3 of
//    competing-consumers) compete for one queue, and who is free first is a matter of real
//    time. Their lines are compared as one group.
//  - timestamps and generated ids (`new Date().toISOString()`, UUIDs) are blanked.
//  - where the story is a race by design (`raceByDesign` below: two writers competing for the
//    same version, or lines that print real idle times), who wins is a matter of real time. Those run on the real broker and must
//    end cleanly, print from every service and leave nothing; their lines are not compared.
// Both runs get the same quiet end (--quiet 4000): a sandbox that waits a few seconds before
// its last act (notification-vs-state) must not end on one side and go on on the other.
// Left out, with the reason: Kafka (no server here: `--broker real` says so, checked below);
// sandboxes marked skipIdle (minutes of real back-off the simulator skips, e.g. retry-backoff).

const raceByDesign: Readonly<Record<string, string>> = {
  'event-sourced-account':
    'the ATM and the teller append to one stream at once; which one meets the version conflict depends on timing',
  'registration-streams':
    'the pending-list lines print how long an entry has been idle, which on a real server is real time',
};

/**
 * Sandboxes whose story has a service end its own process with an error (a crash the lesson
 * shows), so `npm run sandbox` exits 1 on both sides, as Node does.
 */
const crashesByDesign: ReadonlySet<string> = new Set(['registration-streams']);

const models = new Set(['redis', 'amqp', 'nats', 'none']);
const runnable = listSandboxes().filter(
  (source) => models.has(source.manifest.model) && source.manifest.skipIdle !== true,
);

describe('a sandbox tells the same story on a real broker', () => {
  it('covers registration, ecommerce and competing-consumers', () => {
    const ids = runnable.map((source) => source.manifest.id);
    expect(ids).toEqual(
      expect.arrayContaining(['registration', 'ecommerce', 'competing-consumers']),
    );
  });

  for (const source of runnable) {
    const { id } = source.manifest;
    it(`${id} (${source.manifest.model})`, { timeout: 90_000 }, async () => {
      const [simulated, real] = await Promise.all([
        runSandboxCli([id, '--seed', '1', '--quiet', '4000']),
        runSandboxCli([id, '--broker', 'real', '--quiet', '4000']),
      ]);
      const exitCode = crashesByDesign.has(id) ? 1 : 0;
      expect(simulated.code, simulated.err).toBe(exitCode);
      expect(real.code, real.err).toBe(exitCode);
      expect(real.err).toMatch(/ended \((quiet|every service ended)\)/);

      const groups = replicaGroups(source.manifest.services);
      if (Object.hasOwn(raceByDesign, id)) {
        const realLines = linesByService(real.out);
        for (const service of source.manifest.services) {
          expect(realLines.get(service.name)?.length ?? 0, `${id}/${service.name}`).toBeGreaterThan(
            0,
          );
        }
        expect(await checkLeftOnBroker(source, runTag(real.err))).toEqual([]);
        return;
      }
      const simulatedLines = linesByService(simulated.out);
      const realLines = linesByService(real.out);
      for (const [group, services] of groups) {
        const collect = (lines: Map<string, string[]>) =>
          services.flatMap((service) => lines.get(service) ?? []);
        const expected = collect(simulatedLines);
        const actual = collect(realLines);
        expect(expected.length, `${id}/${group} printed nothing on the simulator`).toBeGreaterThan(
          0,
        );
        expect([...actual].sort(), `${id}/${group}`).toEqual([...expected].sort());
      }
      if (source.manifest.model !== 'none') {
        const left = await checkLeftOnBroker(source, runTag(real.err));
        expect(left, `${id} left this on the broker`).toEqual([]);
      }
    });
  }

  // No sandbox on NATS yet, and the simulator's runtime does not serve the NATS clients to
  // sandboxes yet (src/broker/nats has no client-surface.ts): a NATS sandbox in sandboxes/ is
  // compared with the simulator by the loop above once both land. Until then this fixture holds
  // the NATS renaming (core subjects, request/reply, JetStream streams and a durable pull
  // consumer) to a real nats-server, against the story the code tells by the NATS docs.
  it(
    'a NATS sandbox (core request/reply and JetStream) runs isolated on nats-server',
    { timeout: 60_000 },
    async () => {
      const fixtures = join(import.meta.dirname, 'fixtures');
      const source = loadSandbox('nats-orders', { root: fixtures });
      const before = await streamNames();
      const run = await runSandboxCli(['nats-orders', '--dir', fixtures, '--broker', 'real']);
      expect(run.code, run.err).toBe(0);
      const lines = linesByService(run.out);
      expect(lines.get('stock')).toEqual([
        'answering on stock.check',
        'checked book (asked on stock.check)',
        'checked gone (asked on stock.check)',
        'checked mug (asked on stock.check)',
        'checked lamp (asked on stock.check)',
      ]);
      expect(lines.get('order')).toEqual([
        'o-1: placed, stored in ORDERS as #1',
        'o-2: gone is out of stock, not placed',
        'o-3: placed, stored in ORDERS as #2',
        'o-4: placed, stored in ORDERS as #3',
        'streams this service can see: ORDERS',
      ]);
      expect(lines.get('fulfilment')).toEqual([
        'stream ORDERS keeps orders.>',
        'reading fulfilment on ORDERS',
        'packed o-1 from orders.placed.o-1 (stream sequence 1)',
        'packed o-3 from orders.placed.o-3 (stream sequence 2)',
        'packed o-4 from orders.placed.o-4 (stream sequence 3)',
      ]);
      expect(run.err).toMatch(/removed 1 streams from NATS/);
      expect(await checkLeftOnBroker(source, runTag(run.err))).toEqual([]);
      // The stream existed only under the run's name: no stream called ORDERS appeared.
      expect(await streamNames()).toEqual(before);
    },
  );

  it('a Kafka sandbox is refused with the reason, before anything runs', async () => {
    const run = await runSandboxCli(['kafka-orders', '--broker', 'real']);
    expect(run.code).toBe(1);
    expect(run.err).toContain('no Kafka server runs where this project is tested');
    expect(run.out).toBe('');
  });

  it('an unreachable broker is named with its address and how to start it', async () => {
    const run = await runSandboxCli([
      'registration',
      '--broker',
      'real',
      '--redis-url',
      'redis://127.0.0.1:1',
    ]);
    expect(run.code).toBe(1);
    expect(run.err).toContain('cannot reach Redis at redis://127.0.0.1:1 (ECONNREFUSED)');
    expect(run.err).toContain('redis-server');
    expect(run.err).toContain('REDIS_URL');
  });

  it(
    'Ctrl-C mid-run still removes every queue and exchange of the run',
    { timeout: 60_000 },
    async () => {
      const source = loadSandbox('ecommerce');
      let interrupted = false;
      const run = await runSandboxCli(['ecommerce', '--broker', 'real'], (soFar, child) => {
        // Mid-story: the second order is out, the consumers' queues are there.
        if (!interrupted && soFar.includes('[order] placed order o-1002')) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      expect(interrupted).toBe(true);
      expect(run.out).not.toContain('placed order o-1004');
      expect(run.err).toMatch(/ended \(interrupted\); removed 4 queues, 1 exchanges from RabbitMQ/);
      expect(await checkLeftOnBroker(source, runTag(run.err))).toEqual([]);
    },
  );
});

/** Services grouped by the file they run: replicas of one file form one group. */
function replicaGroups(
  services: readonly { readonly name: string; readonly file: string }[],
): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const service of services) {
    groups.set(service.file, [...(groups.get(service.file) ?? []), service.name]);
  }
  return groups;
}

describe('the leftover check', () => {
  it('finds a queue and an exchange that a run left on RabbitMQ', async () => {
    const source = loadSandbox('ecommerce');
    const tag = 'edp-c0ffee';
    const connection = await amqplib.connect(
      process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672',
    );
    const channel = await connection.createChannel();
    await channel.assertQueue(`${tag}.billing`);
    await channel.assertExchange(`${tag}.orders`, 'fanout');
    try {
      expect(await checkLeftOnBroker(source, tag)).toEqual([
        `queue ${tag}.billing`,
        `exchange ${tag}.orders`,
      ]);
    } finally {
      await channel.deleteQueue(`${tag}.billing`);
      await channel.deleteExchange(`${tag}.orders`);
      await connection.close();
    }
  });

  it('finds a key and a subscribed channel that a run left on Redis', async () => {
    const source = loadSandbox('registration');
    const tag = 'edp-c0ffee';
    const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
    const subscriber = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
    await redis.set(`${tag}:seen`, '1');
    await subscriber.subscribe(`${tag}:user_registered`);
    try {
      expect((await checkLeftOnBroker(source, tag)).sort()).toEqual([
        `key ${tag}:seen`,
        `subscribed channel ${tag}:user_registered`,
      ]);
    } finally {
      await redis.del(`${tag}:seen`);
      await Promise.all([redis.quit(), subscriber.quit()]);
    }
  });
});
