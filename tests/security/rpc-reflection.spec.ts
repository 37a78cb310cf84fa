// Attack: reflection through the RPC surface of every client class. The reader calls names
// every JavaScript object has (inherited from Object.prototype), the class's constructor, the
// runtime's own hooks and accessors on the broker's objects, hoping the host runs them on the
// real object in the run worker; then tries to turn whatever comes back into a Function that
// reaches the page (parent.document, top.document, localStorage, alert, fetch).
// The right outcome: each call is refused with an error naming what was refused, or, for a
// name every object has, answered by the service's own Object.prototype (a client proxy never
// sends such names to the broker: the probe checks that it got its own realm's member, not a
// remote one), and nothing reaches the page.
import { expect, test } from '@playwright/test';
import { pagePayloads } from './security-helpers';
import {
  consoleLog,
  errorsOf,
  expectEveryProbeBlocked,
  expectNothingEscaped,
  openShared,
  outcome,
  run,
  watchPage,
} from './security-helpers';
import { probeCalls, probeKit, type Probe } from './probe-kit';

/** Inherited and prototype names, with arguments (as JavaScript source). */
const reflective: readonly (readonly [string, string])[] = [
  ['__lookupGetter__', "'x'"],
  ['__lookupSetter__', "'x'"],
  ['__defineGetter__', "'x', () => 'hijacked'"],
  ['__defineSetter__', "'x', () => undefined"],
  ['constructor', "'return parent.document'"],
  ['hasOwnProperty', "'x'"],
  ['isPrototypeOf', '{}'],
  ['propertyIsEnumerable', "'x'"],
  ['toString', ''],
  ['toLocaleString', ''],
  ['valueOf', ''],
  ['__proto__', ''],
  ['processCrashed', ''],
];

/**
 * Calls `target.method` the way `call` says, unless the proxy answered with the service's own
 * Object.prototype member (then nothing left the service: a refusal saying so).
 */
function unlessOwn(target: string, method: string, call: string): string {
  const name = JSON.stringify(method);
  const own = JSON.stringify(
    `${method} is the service's own Object.prototype member: never sent to the broker`,
  );
  return `(Object.prototype.hasOwnProperty.call(Object.prototype, ${name}) && (${target} as any)[${name}] === (Object.prototype as any)[${name}] ? Promise.reject(new Error(${own})) : ${call})`;
}

/** Every probe against one client object, named by the variable that holds it. */
function probesFor(target: string, accessors: readonly string[]): Probe[] {
  const probes: Probe[] = reflective.map(([method, args]) => ({
    label: `${target}.${method}(${args})`,
    code: unlessOwn(target, method, `${target}.${method}(${args})`),
    mentions: method,
  }));
  for (const accessor of accessors) {
    probes.push({ label: `${target}.${accessor}()`, code: `${target}.${accessor}()` });
  }
  // A Function by every road: the proxy's own constructor chain, a host getter handed back,
  // and the class's constructor called with each page payload as a function body.
  probes.push({
    label: `${target}.constructor.constructor(…)()`,
    code: `${target}.constructor.constructor('return parent.document')()`,
  });
  probes.push({
    label: `${target}.__lookupGetter__('__proto__') called`,
    code: `${target}.__lookupGetter__('__proto__').then((getter: any) => getter.call(${target}))`,
  });
  for (const payload of Object.keys(pagePayloads)) {
    probes.push({
      label: `${target}.constructor → ${payload}`,
      code: unlessOwn(
        target,
        'constructor',
        `${target}.constructor(payloads[${JSON.stringify(payload)}])`,
      ),
      mentions: 'constructor',
    });
  }
  return probes;
}

const clients = [
  {
    module: 'ioredis',
    sandbox: 'registration',
    file: 'user-service.ts',
    service: 'user',
    setup: `import Redis from 'ioredis';
const redis: any = new Redis('redis://localhost:6379');`,
    probes: probesFor('redis', ['status', 'options']),
    // The simulator has no pipeline: getting one must fail clearly, in a service of its own
    // (the refusal of a synchronous call arrives as an uncaught error and ends that service).
    extra: {
      file: 'analytics-service.ts',
      service: 'analytics',
      code: `import Redis from 'ioredis';
const redis: any = new Redis('redis://localhost:6379');
const pipeline: any = redis.pipeline();
${probeKit}
${probeCalls(probesFor('pipeline', []))}`,
      error: 'pipeline is not a function',
    },
  },
  {
    module: 'amqplib',
    sandbox: 'ecommerce',
    file: 'order-service.ts',
    service: 'order',
    setup: `import amqp from 'amqplib';
const connection: any = await amqp.connect('amqp://localhost');
const channel: any = await connection.createChannel();`,
    probes: [...probesFor('connection', ['connection']), ...probesFor('channel', ['model'])],
  },
  {
    module: 'kafkajs',
    sandbox: 'kafka-orders',
    file: 'order-service.ts',
    service: 'order',
    setup: `import { Kafka } from 'kafkajs';
const kafka: any = new Kafka({ clientId: 'probe', brokers: ['localhost:9092'] });
const producer: any = await kafka.producer();
const consumer: any = await kafka.consumer({ groupId: 'probe' });
const admin: any = await kafka.admin();`,
    probes: [
      ...probesFor('kafka', []),
      ...probesFor('producer', []),
      ...probesFor('consumer', ['topics']),
      ...probesFor('admin', []),
    ],
  },
] as const;

for (const client of clients) {
  test(`BLOCKED: reflection through ${client.module}'s clients reaches nothing`, async ({
    page,
  }, info) => {
    outcome(
      info,
      'BLOCKED',
      `${client.probes.length} inherited, prototype, accessor and Function-building calls on ${client.module} objects`,
    );
    const watch = await watchPage(page);
    const code = `${client.setup}\n${probeKit}\n${probeCalls(client.probes)}`;
    const extra = 'extra' in client ? client.extra : undefined;
    const files = { [client.file]: code, ...(extra ? { [extra.file]: extra.code } : {}) };
    const box = await openShared(page, watch, client.sandbox, files);
    await run(box);
    await expectEveryProbeBlocked(box, client.service, client.probes);
    if (extra) await expect(errorsOf(box, extra.service, extra.error)).not.toHaveCount(0);
    await expect(consoleLog(box)).not.toContainText('ANSWERED');
    await expect(consoleLog(box)).not.toContainText('ESCALATED');
    await expectNothingEscaped(page, watch);
  });
}
