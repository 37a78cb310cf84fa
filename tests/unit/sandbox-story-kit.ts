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
