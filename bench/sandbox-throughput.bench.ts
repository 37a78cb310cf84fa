// Messages per second through the sandbox, beside the limits of the path: in one Chromium run
// against dist/, the scenarios of tests/e2e/throughput-code.ts (Redis Pub/Sub, RabbitMQ, Kafka:
// awaited calls, and unawaited floods counted by a consumer) run as a reader's edited sandbox,
// next to a bare Web Worker's postMessage echo in the same page. In this Node process, the same
// client code (transpiled by the sandbox's own transpiler) runs against the simulated broker
// in-process and against the real Redis and RabbitMQ on loopback (there is no Kafka server
// here: those rows say so). Rates are timed by the console lines' arrival on the wall clock.
//
// The sandbox runs with its Speed slider at "as fast as possible".
// Counts: THROUGHPUT_AWAITED (default 2,000) awaited calls, THROUGHPUT_ONE_WAY (default 20,000)
// one-way messages per scenario.
import { chromium, type Page } from 'playwright';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromiumPath, quietChromiumFlags } from '../scripts/chromium.mjs';
import { createBroker, createRunClock } from '../src/broker';
import { serviceParameters, transpileService } from '../src/runtime/transpile/transpile-service';
import { encodeSharedCode } from '../src/sandbox/share-code';
import {
  throughputScenarios,
  type SendMode,
  type ThroughputScenario,
} from '../tests/e2e/throughput-code';
import { printWhenMain } from './section.mjs';
import { serveBuiltSite } from './static-site.mjs';
import { fmt } from './table.mjs';

const awaitedCount = Number(process.env.THROUGHPUT_AWAITED ?? 2_000);
const oneWayCount = Number(process.env.THROUGHPUT_ONE_WAY ?? 20_000);
const scenarioTimeoutMs = 300_000;

interface Row {
  name: string;
  value: string;
  unit: string;
  target?: string | undefined;
}

/** Seconds from `producer start` to the line that ends what `mode` measures. */
interface Timing {
  awaited?: number;
  oneWay?: number;
}

const count = (mode: SendMode): number => (mode === 'awaited' ? awaitedCount : oneWayCount);
// Awaited: the producer's own loop (every call answered before the next). One-way: until the
// consumer has every message.
const endLine = (mode: SendMode): string =>
  mode === 'awaited' ? 'producer sent' : `received ${count(mode)}`;

// ---------------------------------------------------------------------------------------------
// Node: the same code, against the in-process model and the real brokers.

/** Runs one service's code with `require` in this process; resolves when its body returns. */
async function runService(
  file: string,
  source: string,
  require: (name: string) => unknown,
  onLine: (text: string) => void,
): Promise<void> {
  const { code } = transpileService(file, source);
  const main = (0, eval)(code) as (...parameters: unknown[]) => Promise<void>;
  const log = (...args: unknown[]) => onLine(args.map(String).join(' '));
  const console = { log, info: log, warn: log, error: log, debug: log };
  const parameters: Record<string, unknown> = {
    require,
    module: { exports: {} },
    exports: {},
    console,
    setTimeout,
    setInterval,
    setImmediate,
    clearTimeout,
    clearInterval,
    clearImmediate,
    Date,
    performance,
    Math,
  };
  await main(...serviceParameters.map((name) => parameters[name]));
}

/** Times one scenario with both halves in this process. */
async function timeInNode(
  scenario: ThroughputScenario,
  mode: SendMode,
  requireFor: (service: string) => (name: string) => unknown,
): Promise<number> {
  const { producer, consumer } = scenario.code(mode, count(mode));
  const seen = new Map<string, number>();
  let ended: (() => void) | undefined;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const onLine = (text: string) => {
    if (!seen.has(text)) seen.set(text, performance.now());
    if (text.startsWith('duplicate')) throw new Error(`${scenario.name}: ${text}`);
    if (seen.has(endLine(mode)) && (mode === 'awaited' || seen.has(`received ${count(mode)}`)))
      ended?.();
  };
  const consumerDone = runService(
    scenario.consumer.file,
    consumer,
    requireFor(scenario.consumer.service),
    onLine,
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  const producerDone = runService(
    scenario.producer.file,
    producer,
    requireFor(scenario.producer.service),
    onLine,
  );
  await Promise.race([
    done,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`${scenario.name} ${mode}: timed out`)), scenarioTimeoutMs),
    ),
  ]);
  await Promise.allSettled([consumerDone, producerDone]);
  return (seen.get(endLine(mode))! - seen.get('producer start')!) / 1000;
}

const esModule = (module: unknown): unknown => {
  const m = module as Record<string, unknown>;
  return { __esModule: true, default: m.default ?? m, ...m };
};

/**
 * The simulated broker in this process, on a run clock at top slider speed with idle time
 * skipped. Not "as fast as possible": here the code's own timers are the process's real ones,
 * and a broker clock that never waits would leave them behind (Kafka's session timeouts fire).
 */
function inProcessRequire(): (service: string) => (name: string) => unknown {
  const broker = createBroker({ scheduler: createRunClock({ speed: 4, skipIdle: true }) });
  return (service) => {
    const modules = broker.modulesFor(service) as unknown as Record<string, unknown>;
    return (name) => {
      if (name === 'buffer') return { Buffer };
      return esModule(modules[name]);
    };
  };
}

const nodeRequire = createRequire(import.meta.url);

async function reachable(port: number): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function clearRealQueue(): Promise<void> {
  const amqp = nodeRequire('amqplib') as typeof import('amqplib');
  const connection = await amqp.connect('amqp://localhost');
  const channel = await connection.createChannel();
  await channel.deleteQueue('bench');
  await connection.close();
}

// ---------------------------------------------------------------------------------------------
// Chromium: the sandbox, and a bare worker's echo.

async function timeInSandbox(
  page: Page,
  siteUrl: string,
  scenario: ThroughputScenario,
  mode: SendMode,
): Promise<number> {
  const { producer, consumer } = scenario.code(mode, count(mode));
  const files: Record<string, string> = {
    [scenario.producer.file]: producer,
    [scenario.consumer.file]: consumer,
  };
  for (const file of scenario.idleFiles) files[file] = 'export {};\n';
  const hash = await encodeSharedCode({ id: scenario.sandbox, files });
  await page.goto(`${siteUrl}play/${scenario.sandbox}/#${hash}`);
  const box = page.locator('eda-sandbox').first();
  await box.and(page.locator('[data-ready="true"]')).waitFor();
  await page.evaluate(
    (lines) => {
      const log = document.querySelector('[role="log"][aria-label="Console"]');
      if (!log) throw new Error('no console');
      const seen: Record<string, number> = {};
      (globalThis as unknown as { benchSeen: Record<string, number> }).benchSeen = seen;
      new MutationObserver((records) => {
        const now = performance.now();
        for (const record of records)
          for (const node of record.addedNodes) {
            const text = node.textContent ?? '';
            for (const line of lines) if (text.includes(line) && !(line in seen)) seen[line] = now;
            if (text.includes('duplicate ')) seen.duplicate = now;
          }
      }).observe(log, { childList: true, subtree: true });
    },
    ['producer start', 'producer sent', `received ${count(mode)}`],
  );
  // The Speed slider's last step: as fast as possible (run time never waits for the wall clock).
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  // Live while a run goes (the producers start at 300 ms of run time or later).
  const speed = box.getByRole('slider', { name: 'Speed' });
  await speed.fill(String(Number(await speed.getAttribute('max'))));
  const wanted = endLine(mode);
  await page.waitForFunction(
    (line) => {
      const seen = (globalThis as unknown as { benchSeen: Record<string, number> }).benchSeen;
      return line in seen || 'duplicate' in seen;
    },
    wanted,
    { timeout: scenarioTimeoutMs, polling: 100 },
  );
  const seen = await page.evaluate(
    () => (globalThis as unknown as { benchSeen: Record<string, number> }).benchSeen,
  );
  await box
    .getByRole('button', { name: 'Stop', exact: true })
    .click()
    .catch(() => undefined);
  if ('duplicate' in seen) throw new Error(`${scenario.name} ${mode}: a message came twice`);
  return (seen[wanted]! - seen['producer start']!) / 1000;
}

/** A bare blob worker in the page: awaited echoes, then one-way messages it counts. */
function bareWorker(page: Page, awaited: number, oneWay: number) {
  return page.evaluate(
    async ({ awaited, oneWay }) => {
      const url = URL.createObjectURL(
        new Blob(
          [
            `let n = 0; onmessage = (e) => { if (e.data === 'echo') postMessage('echo');
             else if (++n === e.data) { postMessage('counted'); n = 0; } }`,
          ],
          { type: 'text/javascript' },
        ),
      );
      const worker = new Worker(url);
      let resolveNext: (() => void) | undefined;
      worker.onmessage = () => resolveNext?.();
      const next = () => new Promise<void>((resolve) => (resolveNext = resolve));
      // Warm up: the worker has started and compiled its handler.
      let answered = next();
      worker.postMessage('echo');
      await answered;
      let started = performance.now();
      for (let i = 0; i < awaited; i += 1) {
        answered = next();
        worker.postMessage('echo');
        await answered;
      }
      const echoSeconds = (performance.now() - started) / 1000;
      started = performance.now();
      answered = next();
      for (let i = 0; i < oneWay; i += 1) worker.postMessage(oneWay);
      await answered;
      const oneWaySeconds = (performance.now() - started) / 1000;
      worker.terminate();
      return { echo: awaited / echoSeconds, oneWay: oneWay / oneWaySeconds };
    },
    { awaited, oneWay },
  );
}

// ---------------------------------------------------------------------------------------------

/** Bench section: messages per second through the sandbox and beside it. */
export async function run(): Promise<Row[]> {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npm run build` first');
  const rows: Row[] = [];
  const rate = (mode: SendMode, seconds: number) => count(mode) / seconds;
  const perSecond = (mode: SendMode) => (mode === 'awaited' ? 'calls/s' : 'msg/s');

  // Node first, so the browser rows run on a quiet process.
  const inProcess: Record<string, Timing> = {};
  const real: Record<string, Timing | string> = {};
  const redisUp = await reachable(6379);
  const rabbitUp = await reachable(5672);
  for (const scenario of throughputScenarios) {
    inProcess[scenario.model] = {};
    for (const mode of ['awaited', 'one-way'] as const) {
      const seconds = await timeInNode(scenario, mode, inProcessRequire());
      inProcess[scenario.model]![mode === 'awaited' ? 'awaited' : 'oneWay'] = rate(mode, seconds);
    }
    const up = scenario.model === 'redis' ? redisUp : scenario.model === 'amqp' && rabbitUp;
    if (scenario.model === 'kafka') {
      real.kafka = 'no Kafka server on this machine: not measured';
      continue;
    }
    if (!up) {
      real[scenario.model] = 'server not reachable on 127.0.0.1: skipped';
      continue;
    }
    const timing: Timing = {};
    for (const mode of ['awaited', 'one-way'] as const) {
      if (scenario.model === 'amqp') await clearRealQueue();
      const seconds = await timeInNode(scenario, mode, () => nodeRequire);
      timing[mode === 'awaited' ? 'awaited' : 'oneWay'] = rate(mode, seconds);
    }
    real[scenario.model] = timing;
  }

  const site = await serveBuiltSite(4794);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: quietChromiumFlags });
  try {
    const page = await browser.newPage();
    await page.goto(`${site.url}play/registration/`);
    await page.waitForLoadState('networkidle');
    const bare = await bareWorker(page, 20_000, 200_000);
    rows.push({
      name: 'bare worker postMessage echo, awaited (the physical limit)',
      value: fmt(bare.echo),
      unit: 'round trips/s',
    });
    rows.push({
      name: 'bare worker postMessage, one-way',
      value: fmt(bare.oneWay),
      unit: 'msg/s',
    });
    for (const scenario of throughputScenarios) {
      for (const mode of ['awaited', 'one-way'] as const) {
        const key = mode === 'awaited' ? 'awaited' : 'oneWay';
        let sandboxRate: number | undefined;
        try {
          sandboxRate = rate(mode, await timeInSandbox(page, site.url, scenario, mode));
          rows.push({
            name: `${scenario.name}, ${mode} ×${fmt(count(mode))}: sandbox (Chromium)`,
            value: fmt(sandboxRate),
            unit: perSecond(mode),
            target:
              mode === 'awaited'
                ? `≥ ${fmt(bare.echo / 3)} (⅓ echo): ${(sandboxRate / bare.echo).toFixed(2)}× echo`
                : '≥ 100,000',
          });
        } catch (error) {
          rows.push({
            name: `${scenario.name}, ${mode}: sandbox (Chromium)`,
            value: 'failed',
            unit: '',
            target: String((error as Error).message).split('\n')[0],
          });
        }
        rows.push({
          name: '  same code, simulated broker in-process (Node)',
          value: fmt(inProcess[scenario.model]![key]),
          unit: perSecond(mode),
        });
        const realTiming = real[scenario.model];
        if (typeof realTiming === 'string') {
          rows.push({
            name: '  same code, real broker on loopback (Node)',
            value: realTiming,
            unit: '',
          });
        } else {
          const realRate = realTiming![key]!;
          rows.push({
            name: '  same code, real broker on loopback (Node)',
            value: fmt(realRate),
            unit: perSecond(mode),
            target:
              mode === 'one-way' && sandboxRate !== undefined
                ? `sandbox ≥ 2× real: ${(sandboxRate / realRate).toFixed(2)}×`
                : '',
          });
        }
      }
    }
    await page.close();
  } finally {
    await browser.close();
    site.stop();
  }
  return rows;
}

await printWhenMain(
  import.meta.url,
  'Messages per second through the sandbox (Chromium, built site) and beside it (Node)',
  run,
);
