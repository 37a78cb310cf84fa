import { loadSandbox } from '../catalog';
import type { OutputLine } from '../contract';
import { createNodeRuntime } from './node-runtime';

/** Where {@link runCli} writes and which thread script it uses. */
export interface CliIo {
  readonly threadEntry: string | URL;
  out(text: string): void;
  err(text: string): void;
}

const usage =
  'usage: npm run sandbox -- <id> [--duration ms] [--seed n] [--quiet ms] [--time-limit ms]';

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
  while (args.length > 0) {
    const flag = args.shift() ?? '';
    const value = Number(args.shift());
    if (!['--duration', '--seed', '--quiet', '--time-limit'].includes(flag) || !Number.isFinite(value)) {
      io.err(`unknown or incomplete option ${flag}\n${usage}\n`);
      return 2;
    }
    numbers[flag] = value;
  }
  if (!id || id.startsWith('-')) {
    io.err(`${usage}\n`);
    return 2;
  }
  let source;
  try {
    source = loadSandbox(id);
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  }
  const runtime = createNodeRuntime({ threadEntry: io.threadEntry });
  const session = runtime.start(source, {
    quietMs: numbers['--quiet'] ?? 1500,
    ...(numbers['--duration'] !== undefined ? { durationMs: numbers['--duration'] } : {}),
    ...(numbers['--seed'] !== undefined ? { seed: numbers['--seed'] } : {}),
    ...(numbers['--time-limit'] !== undefined ? { timeLimitMs: numbers['--time-limit'] } : {}),
  });
  session.output$.subscribe((line) => io.out(`${formatLine(line)}\n`));
  const result = await session.finished;
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
