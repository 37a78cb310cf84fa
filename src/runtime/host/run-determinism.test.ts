import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstValueFrom, toArray } from 'rxjs';
import type { TraceEvent } from '../../broker/core/trace-event';
import { listSandboxes, loadSandbox } from '../catalog';
import type { OutputLine, RunOptions, SandboxSource } from '../contract';
import { playbackScheduler, simulatedBroker } from './broker-adapter';
import { inProcessTransport } from './in-process-transport';
import { startRun } from './start-run';

/** What two runs must agree on: every console line and every trace event, with run times. */
function summary(lines: readonly OutputLine[], trace: readonly TraceEvent[]) {
  return {
    console: lines.map((l) => `${l.time} [${l.service}] ${l.level}: ${l.text}`),
    trace: trace.map(
      (e) => `${e.time} ${e.kind} ${e.messageId ?? '-'} ${e.from} → ${e.to} ${e.reason ?? ''}`,
    ),
  };
}

/** A run with every service in this thread (the same host code as every runtime). */
async function record(source: SandboxSource, options: RunOptions) {
  const session = startRun(source, options, {
    spawn: () => inProcessTransport(),
    createBroker: simulatedBroker,
    createScheduler: playbackScheduler,
  });
  const lines = firstValueFrom(session.output$.pipe(toArray()));
  const trace = firstValueFrom(session.trace$.pipe(toArray()));
  await session.finished;
  return summary(await lines, await trace);
}

/** The same run through `npm run sandbox`: each service in a worker_thread, under Node 22. */
function recordWithCli(id: string, seed: number, durationMs: number) {
  const script = join(process.cwd(), 'scripts', 'run-sandbox.mjs');
  const result = spawnSync(
    process.execPath,
    [
      script,
      id,
      '--seed',
      String(seed),
      '--duration',
      String(durationMs),
      '--quiet',
      '86400000',
      '--skip-idle',
      '--json',
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const records = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string; line?: OutputLine; event?: TraceEvent });
  return summary(
    records.flatMap((r) => (r.type === 'output' && r.line ? [r.line] : [])),
    records.flatMap((r) => (r.type === 'trace' && r.event ? [r.event] : [])),
  );
}

const options: RunOptions = {
  seed: 55,
  durationMs: 6_000,
  skipIdle: true,
  faults: { drop: 0.1, duplicate: 0.3, delayMs: 20, jitterMs: 40, reorder: 0.2 },
};

describe('one clock: the same code, seed and faults give the same run', () => {
  for (const id of listSandboxes().map((sandbox) => sandbox.manifest.id)) {
    it(`${id}: two runs print the same console and trace the same events`, async () => {
      const source = loadSandbox(id);
      const first = await record(source, options);
      const second = await record(source, options);
      expect(first.console.length).toBeGreaterThan(0);
      expect(second.console).toEqual(first.console);
      expect(second.trace).toEqual(first.trace);
    }, 60_000);
  }

  it('a run in worker_threads (npm run sandbox) matches the same run in one thread', async () => {
    const plain: RunOptions = { seed: 55, durationMs: 6_000, skipIdle: true };
    const inThread = await record(loadSandbox('ecommerce'), plain);
    const inWorkers = recordWithCli('ecommerce', 55, 6_000);
    expect(inWorkers.console.length).toBeGreaterThan(10);
    expect(inWorkers.console).toEqual(inThread.console);
    expect(inWorkers.trace).toEqual(inThread.trace);
  }, 90_000);
});
