/**
 * One service of a `--broker real` run, in its own worker_thread (bundled by
 * scripts/run-sandbox.mjs): the reader's transpiled code with Node's own timers, clock and
 * randomness, `require` answering the real client packages (renamed per run: isolate-*.ts) and
 * a console that posts each line to the run, which tags it with the service's name.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { format } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { forbidNestedWorkers } from '../no-nested-workers';
import { realClientModules } from './real-client-modules';
import type { RealServiceData, RealServiceMessage } from './real-thread-messages';

const port = parentPort;
if (!port) throw new Error('real-thread-entry must run in a worker_thread');
forbidNestedWorkers();
const data = workerData as RealServiceData;
const post = (message: RealServiceMessage): void => port.postMessage(message);
const describe = (error: unknown): string =>
  error instanceof Error ? (error.stack ?? String(error)) : format(error);
process.on('uncaughtException', (error) => post({ type: 'failed', text: describe(error) }));
process.on('unhandledRejection', (reason) => post({ type: 'failed', text: describe(reason) }));

const load = createRequire(join(data.packagesFrom, 'package.json'));
const clients = realClientModules(data, load, (kind, name) =>
  post({ type: 'declare', kind, name }),
);
const serviceRequire = (specifier: string): unknown =>
  Object.hasOwn(clients, specifier) ? clients[specifier] : load(specifier);

const line =
  (level: 'log' | 'info' | 'warn' | 'error') =>
  (...args: unknown[]): void =>
    post({ type: 'output', level, text: format(...args) });
const serviceConsole = {
  ...console,
  log: line('log'),
  info: line('info'),
  warn: line('warn'),
  error: line('error'),
  debug: line('log'),
};

const module = { exports: {} as unknown };
const run = (0, eval)(data.code) as (...args: unknown[]) => Promise<void>;
run(
  serviceRequire,
  module,
  module.exports,
  serviceConsole,
  setTimeout,
  setInterval,
  setImmediate,
  clearTimeout,
  clearInterval,
  clearImmediate,
  Date,
  performance,
  Math,
).then(
  () => post({ type: 'done' }),
  (error: unknown) => post({ type: 'failed', text: describe(error) }),
);
