import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SandboxSource } from '../../contract';
import { transpileService } from '../../transpile';
import { brokerAddress, notRunnableOnRealBroker, realBrokers } from './real-brokers';
import type { RealServiceData, RealServiceMessage } from './real-thread-messages';
import { hostAndPort, reachBroker } from './reach-broker';
import { removeRunNames } from './remove-run-names';
import { createRunNames, type DeclaredKind } from './run-names';
import { createStartSchedule } from './start-schedule';

/** What {@link runOnRealBroker} needs from the CLI. */
export interface RealRunOptions {
  /** The bundled real-thread-entry script. */
  readonly threadEntry: string | URL;
  /** The folder whose node_modules holds ioredis, amqplib, @nats-io/* (the project). */
  readonly packagesFrom: string;
  /** `--redis-url` and the like, as given. */
  readonly flags: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Stop after this long (ms). */
  readonly durationMs?: number;
  /** Stop once nothing was printed for this long after every service is up (ms): see `heard`. */
  readonly quietMs: number;
  out(text: string): void;
  err(text: string): void;
  /** Calls `stop` on Ctrl-C; returns what removes that handler. */
  onInterrupt(stop: () => void): () => void;
}

/**
 * `npm run sandbox -- <id> --broker real`: each service in its own worker_thread with the real
 * client packages, against the real server, started in the order of its `startDelayMs` (start-schedule.ts), its lines tagged as
 * on the simulator. Names are the run's own (run-names.ts) and everything the run declared is
 * removed at the end, also after Ctrl-C. Resolves with the exit code: 0, 1 when a service failed
 * or the broker could not be reached or cleaned.
 */
export async function runOnRealBroker(
  source: SandboxSource,
  options: RealRunOptions,
): Promise<number> {
  const { manifest } = source;
  const model = manifest.model;
  const refusal = notRunnableOnRealBroker[model];
  if (refusal) {
    options.err(`${refusal}\n`);
    return 1;
  }
  const info = model === 'none' ? undefined : realBrokers[model];
  if (model !== 'none' && !info) {
    options.err(`--broker real does not know the "${model}" model yet: no server address for it\n`);
    return 1;
  }
  const address = info ? brokerAddress(model, options.flags, options.env) : '';
  if (info) {
    const { host, port } = hostAndPort(address, info.defaultPort);
    const reason = await reachBroker(host, port);
    if (reason !== undefined) {
      options.err(
        `cannot reach ${info.title} at ${address} (${reason}). Start one: ${info.startHint}; or give its address with ${info.flag} or ${info.envVariable}.\n`,
      );
      return 1;
    }
  }
  const names = createRunNames();
  if (info) {
    options.err(
      `running ${manifest.id} on ${info.title} at ${address}; this run's names start with ${names.tag} and are removed at the end\n`,
    );
  }
  const declared = new Map<string, DeclaredKind>();
  const workers = new Map<string, Worker>();
  const timers: NodeJS.Timeout[] = [];
  let failed = false;
  let ended = 0;
  let stopping = false;
  let finish: (reason: string) => void = () => undefined;
  const finished = new Promise<string>((resolve) => (finish = resolve));
  let quietTimer: NodeJS.Timeout | undefined;
  // A service is up once it printed a line, finished its top-level code or ended: a thread on
  // a busy machine can take seconds to connect, and the quiet before that is not the end.
  const up = new Set<string>();
  const heard = (service: string): void => {
    up.add(service);
    schedule.up(service);
    if (quietTimer) clearTimeout(quietTimer);
    if (up.size < manifest.services.length) return;
    quietTimer = setTimeout(() => finish('quiet'), options.quietMs);
  };
  const stopService = (name: string): void => {
    const worker = workers.get(name);
    workers.delete(name);
    if (worker) void worker.terminate();
  };

  const threads = new Map<string, () => void>();
  const schedule = createStartSchedule(manifest.services, (name) => threads.get(name)?.());
  for (const service of manifest.services) {
    const code = source.files[service.file];
    if (code === undefined) throw new Error(`${service.file} is missing from ${manifest.id}`);
    let compiled;
    try {
      compiled = transpileService(service.file, code);
    } catch (error) {
      options.err(`[${service.name}] ${(error as Error).message}\n`);
      return 1;
    }
    const data: RealServiceData = {
      service: service.name,
      file: service.file,
      code: compiled.code,
      model,
      address,
      tag: names.tag,
      packagesFrom: options.packagesFrom,
    };
    threads.set(service.name, () => {
      if (stopping) return;
      const worker = new Worker(options.threadEntry, { workerData: data, env: {} });
      workers.set(service.name, worker);
      worker.on('message', (message: RealServiceMessage) => {
        if (message.type === 'output') {
          const level =
            message.level === 'log' || message.level === 'info' ? '' : `${message.level}: `;
          options.out(`[${service.name}] ${level}${message.text}\n`);
          heard(service.name);
        } else if (message.type === 'declare') {
          declared.set(message.name, message.kind);
        } else if (message.type === 'done') {
          heard(service.name);
        } else if (message.type === 'failed') {
          failed = true;
          options.err(`${service.file} (${service.name}): Uncaught ${message.text}\n`);
          stopService(service.name);
        }
      });
      worker.on('error', (error) => {
        failed = true;
        options.err(
          `${service.file} (${service.name}): Uncaught ${error.stack ?? String(error)}\n`,
        );
      });
      worker.on('exit', (exitCode) => {
        // A service that ends its own process with an error (process.exit(1)) failed, as Node
        // says with its exit code; threads ended by the run's own stop do not count.
        if (exitCode !== 0 && !stopping) {
          failed = true;
          options.err(
            `${service.name}: ${service.name} exited: its thread exited with code ${exitCode}\n`,
          );
        }
        heard(service.name);
        ended += 1;
        if (ended === manifest.services.length) finish('every service ended');
      });
    });
  }
  if (options.durationMs !== undefined)
    timers.push(setTimeout(() => finish('duration'), options.durationMs));
  const removeInterrupt = options.onInterrupt(() => finish('interrupted'));

  const reason = await finished;
  stopping = true;
  schedule.cancel();
  for (const timer of timers) clearTimeout(timer);
  if (quietTimer) clearTimeout(quietTimer);
  // Ending a thread closes its sockets as a killed process's would; the broker sees them go.
  await Promise.all([...workers.values()].map((worker) => worker.terminate()));
  workers.clear();
  let code = failed ? 1 : 0;
  if (info) {
    try {
      const load = createRequire(join(options.packagesFrom, 'package.json'));
      const removed = await removeRunNames(model, address, names.tag, declared, load);
      const parts = [
        removed.queues > 0 ? `${removed.queues} queues` : '',
        removed.exchanges > 0 ? `${removed.exchanges} exchanges` : '',
        removed.keys > 0 ? `${removed.keys} keys` : '',
        removed.streams > 0 ? `${removed.streams} streams` : '',
      ].filter(Boolean);
      options.err(
        `run of ${manifest.id} ended (${reason}); removed ${parts.length > 0 ? parts.join(', ') : 'nothing (it left nothing behind)'} from ${info.title}\n`,
      );
    } catch (error) {
      code = 1;
      options.err(
        `run of ${manifest.id} ended (${reason}), but removing its names (${names.tag}…) from ${info.title} failed: ${(error as Error).message}\n`,
      );
    }
  } else {
    options.err(`run of ${manifest.id} ended (${reason})\n`);
  }
  removeInterrupt();
  return code;
}
