import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, toArray } from 'rxjs';
import type { SandboxSource } from '../contract';
import { frameSilenceLimitMs, startFrameSession } from './frame-session';
import type { SandboxFrameHandle } from './sandbox-frame-handle';

const source: SandboxSource = {
  manifest: {
    id: 'test',
    title: 'Test',
    description: 'Test',
    model: 'redis',
    services: [{ name: 'email', file: 'email.ts' }],
    open: ['email.ts'],
  },
  files: { 'email.ts': '' },
};

/** A frame as the session sees it: two ports, and `remove`. The far ends play the frame. */
function fakeFrame() {
  const run = new MessageChannel();
  const control = new MessageChannel();
  const remove = vi.fn(() => {
    run.port1.close();
    control.port1.close();
  });
  const frame = { run: run.port1, control: control.port1, remove } as unknown as SandboxFrameHandle;
  const received: unknown[] = [];
  run.port2.on('message', (message: unknown) => received.push(message));
  return { frame, remove, runEnd: run.port2, controlEnd: control.port2, received };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a run in a sandbox frame, as the page sees it', () => {
  it('starts the run with a seed and passes checked lines and events on', async () => {
    const { frame, runEnd, received } = fakeFrame();
    const session = startFrameSession(frame, source, { seed: 9 });
    const lines = firstValueFrom(session.output$.pipe(toArray()));
    const trace = firstValueFrom(session.trace$.pipe(toArray()));
    await vi.waitFor(() => expect(received[0]).toMatchObject({ t: 'start', options: { seed: 9 } }));
    runEnd.postMessage({
      t: 'batch',
      output: [{ service: 'email', level: 'log', text: 'sent', time: 5 }],
      trace: [{ seq: 1, time: 5, kind: 'published', model: 'redis', from: 'email', to: 'x' }],
      skipped: 0,
    });
    runEnd.postMessage({ t: 'finished', result: { reason: 'quiet', failures: [] } });
    expect(await session.finished).toEqual({ reason: 'quiet', failures: [] });
    expect((await lines).map((l) => l.text)).toEqual(['sent']);
    expect((await trace).map((e) => e.kind)).toEqual(['published']);
  });

  it('ends the run on a malformed message, saying why, and removes the frame', async () => {
    const { frame, runEnd, remove } = fakeFrame();
    const session = startFrameSession(frame, source, {});
    const lines = firstValueFrom(session.output$.pipe(toArray()));
    runEnd.postMessage({
      t: 'batch',
      output: [{ service: 'email', level: 'html', text: 'x', time: 0 }],
      trace: [],
      skipped: 0,
    });
    const result = await session.finished;
    expect(result.reason).toBe('failed');
    expect((await lines).at(-1)?.text).toMatch(
      /malformed message \(a console line of no known level\)/,
    );
    expect(remove).toHaveBeenCalled();
  });

  it('ends the run when the frame falls silent, and says the process is gone', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const { frame, remove } = fakeFrame();
    const lost = vi.fn();
    const session = startFrameSession(frame, source, {}, lost);
    const lines = firstValueFrom(session.output$.pipe(toArray()));
    vi.advanceTimersByTime(frameSilenceLimitMs + 1_000);
    const result = await session.finished;
    expect(result.reason).toBe('failed');
    expect((await lines).at(-1)?.text).toMatch(/stopped answering .* ran out of memory or crashed/);
    expect(lost).toHaveBeenCalledOnce();
    expect(remove).toHaveBeenCalled();
  });

  it('stops at once by removing the frame', async () => {
    const { frame, remove } = fakeFrame();
    const session = startFrameSession(frame, source, {});
    session.stop();
    expect(remove).toHaveBeenCalled();
    expect(await session.finished).toEqual({ reason: 'stopped', failures: [] });
  });
});
