import { loadSandbox } from '../catalog';
import type { OutputLine, RunSession } from '../contract';
import type { FaultSettings } from '../../broker/core/fault-settings';
import {
  checkCliMs,
  checkFaultAmounts,
  checkSeed,
  checkSpeed,
  type Checked,
} from '../run-option-limits';
import { createNodeRuntime } from './node-runtime';
import { runOnRealBroker, type RealRunOptions } from './real-broker/run-real';
import { realBrokers } from './real-broker/real-brokers';

/** Where {@link runCli} writes and which thread script it uses. */
export interface CliIo {
  readonly threadEntry: string | URL;
  out(text: string): void;
  err(text: string): void;
  /**
   * With `--controls`: calls `handler` with each line of standard input (JSON commands such as
   * `{"control":"pause"}`); returns a function that stops reading.
   */
  readLines?(handler: (line: string) => void): () => void;
  /** What `--broker real` needs beyond this (real-broker/run-real.ts); without it, refused. */
  readonly realBroker?: Pick<
    RealRunOptions,
    'threadEntry' | 'packagesFrom' | 'env' | 'onInterrupt'
  >;
}

/** A command read from standard input with `--controls` (how Node mode drives a run). */
interface ControlCommand {
  readonly control: keyof RunSession['controls'] | 'stop';
  readonly arg?: unknown;
}

const usage =
  'usage: npm run sandbox -- <id> [--duration ms] [--seed n] [--speed x] [--quiet ms] [--time-limit ms] [--dir sandboxes-folder] [--skip-idle] [--json] [--controls] [--broker simulator|real [--redis-url u] [--amqp-url u] [--nats-url u] [--kafka-brokers list]]';

/** `--redis-url` and the like: each real broker's address flag. */
const addressFlags = new Set(Object.values(realBrokers).map((info) => info.flag));

/**
 * The first line a person sees: what was found in the wild is that readers assume a sandbox
 * runner confines code. This one does not; Node's permission model (scripts/run-sandbox.mjs)
 * only narrows files and processes, and the network stays open.
 */
export const privilegeNotice =
  "npm run sandbox runs this code with your user's privileges: it is not a security boundary (see SECURITY.md).";

/** Every numeric option, checked by the limits the browser's fields use too. */
const numericOptions: Readonly<Record<string, (text: string) => Checked<number>>> = {
  '--duration': (text) => checkCliMs(text, '--duration'),
  '--quiet': (text) => checkCliMs(text, '--quiet'),
  '--time-limit': (text) => checkCliMs(text, '--time-limit'),
  '--seed': (text) => checkSeed(text),
  '--speed': (text) => checkSpeed(text),
};

/**
 * `npm run sandbox -- <id>`: runs a sandbox on the simulator in Node and prints every line as
 * `[service] text`. Ends when the run goes quiet (nothing traced or printed for 1.5 s after all
 * services started) or after `--duration`. Resolves with the exit code: 0, or 1 when a service
 * threw (each printed as `file:line:column`), 2 for bad arguments.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = [...argv];
  const id = args.shift();
  const numbers: Record<string, number> = {};
  let dir: string | undefined;
  let json = false;
  let skipIdle = false;
  let controls = false;
  let broker = 'simulator';
  const addresses: Record<string, string> = {};
  while (args.length > 0) {
    const flag = args.shift() ?? '';
    if (flag === '--broker' && (args[0] === 'real' || args[0] === 'simulator')) {
      broker = args.shift() ?? broker;
      continue;
    }
    if (addressFlags.has(flag) && args.length > 0) {
      addresses[flag] = args.shift() ?? '';
      continue;
    }
    if (flag === '--skip-idle') {
      skipIdle = true;
      continue;
    }
    if (flag === '--json' || flag === '--controls') {
      if (flag === '--json') json = true;
      else controls = true;
      continue;
    }
    if (flag === '--dir' && args.length > 0) {
      dir = args.shift();
      continue;
    }
    const check = Object.hasOwn(numericOptions, flag) ? numericOptions[flag] : undefined;
    const text = args.shift();
    if (!check || text === undefined) {
      io.err(`unknown or incomplete option ${flag}\n${usage}\n`);
      return 2;
    }
    const checked = check(text);
    if (!checked.ok) {
      io.err(`${flag}: ${checked.message}\n${usage}\n`);
      return 2;
    }
    numbers[flag] = checked.value;
  }
  if (!id || id.startsWith('-')) {
    io.err(`${usage}\n`);
    return 2;
  }
  // Not in --json mode: there a program reads the output, and it is not the one at risk.
  if (!json) io.err(`${privilegeNotice}\n`);
  let source;
  try {
    source = loadSandbox(id, dir === undefined ? {} : { root: dir });
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  }
  if (broker === 'real') {
    if (!io.realBroker || json || controls) {
      io.err(`--broker real runs only from a terminal, without --json or --controls\n${usage}\n`);
      return 2;
    }
    return runOnRealBroker(source, {
      ...io.realBroker,
      flags: addresses,
      quietMs: numbers['--quiet'] ?? 2000,
      ...(numbers['--duration'] !== undefined ? { durationMs: numbers['--duration'] } : {}),
      out: (text) => io.out(text),
      err: (text) => io.err(text),
    });
  }
  const runtime = createNodeRuntime({ threadEntry: io.threadEntry });
  const session = runtime.start(source, {
    quietMs: numbers['--quiet'] ?? 1500,
    ...(numbers['--duration'] !== undefined ? { durationMs: numbers['--duration'] } : {}),
    ...(numbers['--seed'] !== undefined ? { seed: numbers['--seed'] } : {}),
    ...(numbers['--speed'] !== undefined ? { speed: numbers['--speed'] } : {}),
    ...(numbers['--time-limit'] !== undefined ? { timeLimitMs: numbers['--time-limit'] } : {}),
    // A sandbox made for long waits (sandbox.json's skipIdle) skips them here too.
    skipIdle: skipIdle || source.manifest.skipIdle === true,
  });
  if (json) {
    // One JSON object per line, for a program reading this one (Node mode in the browser).
    session.output$.subscribe((line) => io.out(`${JSON.stringify({ type: 'output', line })}\n`));
    session.trace$.subscribe((event) => io.out(`${JSON.stringify({ type: 'trace', event })}\n`));
  } else {
    session.output$.subscribe((line) => io.out(`${formatLine(line)}\n`));
  }
  const stopReading =
    controls && io.readLines
      ? io.readLines((text) => applyControl(session, text))
      : () => undefined;
  const result = await session.finished;
  stopReading();
  if (json) {
    io.out(`${JSON.stringify({ type: 'end', result, seed: session.controls.seed })}\n`);
    return result.failures.length > 0 ? 1 : 0;
  }
  io.err(`run of ${id} ended (${result.reason}, seed ${session.controls.seed})\n`);
  for (const failure of result.failures) {
    const where = failure.location
      ? `${failure.location.file}:${failure.location.line}:${failure.location.column}`
      : failure.service;
    io.err(`${where}: ${failure.text.split('\n')[0]}\n`);
  }
  return result.failures.length > 0 ? 1 : 0;
}

/** `[email] sent welcome email to …`, with the level for anything but plain logs. */
export function formatLine(line: OutputLine): string {
  const level = line.level === 'log' || line.level === 'info' ? '' : `${line.level}: `;
  return `[${line.service}] ${level}${line.text}`;
}

/** Applies one `--controls` command line; anything else on standard input is ignored. */
function applyControl(session: RunSession, text: string): void {
  let command: ControlCommand;
  try {
    command = JSON.parse(text.trim()) as ControlCommand;
  } catch {
    return;
  }
  const name: string = command.control;
  if (name === 'stop') return session.stop();
  if (name === 'seed' || !Object.hasOwn(session.controls, name)) return;
  // Standard input is as untrusted as the command line: the same limits apply.
  if (name === 'setSpeed' && (typeof command.arg !== 'number' || !checkSpeed(command.arg).ok)) {
    return;
  }
  if (name === 'setSkipIdle' && typeof command.arg !== 'boolean') return;
  if (name === 'setFaults') {
    const faults = checkFaultAmounts(command.arg);
    if (!faults.ok) return;
    command = { control: 'setFaults', arg: faults.value satisfies FaultSettings };
  }
  const controls = session.controls as unknown as Record<
    string,
    (this: void, arg?: unknown) => void
  >;
  try {
    controls[name]?.(command.arg);
  } catch {
    // A bad argument (an unknown service) must not end the run.
  }
}
