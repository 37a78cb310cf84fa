import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { firstValueFrom, toArray } from 'rxjs';
import { loadSandbox } from '../../src/runtime/catalog';
import type {
  OutputLine,
  RunControls,
  RunOptions,
  SandboxSource,
} from '../../src/runtime/contract';
import { playbackScheduler, simulatedBroker } from '../../src/runtime/host/broker-adapter';
import { inProcessTransport } from '../../src/runtime/host/in-process-transport';
import { startRun } from '../../src/runtime/host/start-run';
import { createNodeRuntime } from '../../src/runtime/node/node-runtime';

/**
 * Runs a sandbox in Node as a lesson's reader would, and gives back its console: what the
 * story tests (`*-stories.test.ts`) hold a lesson's claims to.
 */
export async function consoleOf(
  source: SandboxSource,
  options: RunOptions = { seed: 1, durationMs: 20_000, skipIdle: true },
  /** What the reader does on seeing a line (crash a service…), as they would from the flow view. */
  onLine?: (line: OutputLine, controls: RunControls) => void,
): Promise<readonly OutputLine[]> {
  const session = startRun(source, options, {
    spawn: () => inProcessTransport(),
    createBroker: simulatedBroker,
    createScheduler: playbackScheduler,
  });
  const lines = firstValueFrom(session.output$.pipe(toArray()));
  if (onLine) session.output$.subscribe((line) => onLine(line, session.controls));
  await session.finished;
  return lines;
}

/** The sandbox with one file's text changed as a lesson's task says. */
export function edited(id: string, file: string, edit: (text: string) => string): SandboxSource {
  const source = loadSandbox(id);
  const text = source.files[file];
  if (text === undefined) throw new Error(`${id} has no ${file}`);
  const changed = edit(text);
  if (changed === text) throw new Error(`the edit did not change ${id}/${file}`);
  return { ...source, files: { ...source.files, [file]: changed } };
}

/** `service: text` of every line, for assertions that read like the console. */
export function transcript(lines: readonly OutputLine[]): string[] {
  return lines.map((line) => `${line.service}: ${line.text}`);
}

let threadEntry: Promise<URL> | undefined;

/**
 * Like {@link consoleOf}, but each service in its own worker_thread, as `npm run sandbox` runs
 * it: for stories where a service ends its own process (`process.exit(1)` as a crash), which
 * the in-process runner cannot give a thread of its own.
 */
export async function consoleInThreads(
  source: SandboxSource,
  options: RunOptions = { seed: 1, durationMs: 20_000, skipIdle: true },
): Promise<readonly OutputLine[]> {
  threadEntry ??= (async () => {
    const script = pathToFileURL(join(process.cwd(), 'scripts', 'run-sandbox.mjs')).href;
    const runner = (await import(script)) as { buildRunner: (outdir: string) => Promise<string> };
    const outdir = await runner.buildRunner(mkdtempSync(join(tmpdir(), 'story-threads-')));
    return pathToFileURL(join(outdir, 'thread-entry.mjs'));
  })();
  const session = createNodeRuntime({ threadEntry: await threadEntry }).start(source, options);
  const lines = firstValueFrom(session.output$.pipe(toArray()));
  await session.finished;
  return lines;
}
