import { describe, expect, it } from 'vitest';
import { firstValueFrom, toArray } from 'rxjs';
import { loadSandbox } from '../../src/runtime/catalog';
import type { OutputLine, RunOptions, SandboxSource } from '../../src/runtime/contract';
import { playbackScheduler, simulatedBroker } from '../../src/runtime/host/broker-adapter';
import { inProcessTransport } from '../../src/runtime/host/in-process-transport';
import { startRun } from '../../src/runtime/host/start-run';

/**
 * What the lessons tell readers to expect from a sandbox, proved by running it: if a lesson's
 * prediction stops coming true in the simulator, this fails with the lesson's claim in its name.
 */
const options: RunOptions = { seed: 1, durationMs: 20_000, skipIdle: true };

async function consoleOf(source: SandboxSource): Promise<readonly OutputLine[]> {
  const session = startRun(source, options, {
    spawn: () => inProcessTransport(),
    createBroker: simulatedBroker,
    createScheduler: playbackScheduler,
  });
  const lines = firstValueFrom(session.output$.pipe(toArray()));
  await session.finished;
  return lines;
}

/** The sandbox with one file's text changed as a lesson's task says. */
function edited(id: string, file: string, edit: (text: string) => string): SandboxSource {
  const source = loadSandbox(id);
  const text = source.files[file];
  if (text === undefined) throw new Error(`${id} has no ${file}`);
  const changed = edit(text);
  if (changed === text) throw new Error(`the edit did not change ${id}/${file}`);
  return { ...source, files: { ...source.files, [file]: changed } };
}

const lastFinish = (lines: readonly OutputLine[]): number =>
  Math.max(...lines.filter((l) => l.text.startsWith('finished task')).map((l) => l.time));

describe('lesson rabbitmq: competing consumers and prefetch', () => {
  it('without prefetch(1) a worker that drew slow tasks builds a backlog, so the last task finishes later', async () => {
    const withPrefetch = await consoleOf(loadSandbox('competing-consumers'));
    const without = await consoleOf(
      edited('competing-consumers', 'worker.ts', (text) =>
        text.replace('await channel.prefetch(1);', '// await channel.prefetch(1);'),
      ),
    );
    const finished = (lines: readonly OutputLine[]) =>
      lines.filter((l) => l.text.startsWith('finished task')).length;
    expect(finished(withPrefetch)).toBe(9);
    expect(finished(without)).toBe(9);
    // The lesson quotes these two figures for seed 1.
    expect(lastFinish(withPrefetch)).toBe(2500);
    expect(lastFinish(without)).toBe(3100);
  }, 60_000);
});
