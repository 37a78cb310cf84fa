import { describe, expect, it } from 'vitest';
import { createBroker, createRunClock, surfacesOf } from '../../broker';
import { manualClock } from '../../broker/core/manual-clock';
import type { OutputLine, ServiceManifest } from '../contract';
import { createRemoteSchema, type GuestMessage, type HostMessage } from '../protocol';
import { CompileError, type CompiledService } from '../transpile';
import type { GuestTransport } from './guest-transport';
import { ServiceProcess, type ServiceRun } from './service-process';

/** A stand-in for a service's thread: records what the host posts, sends what a test says. */
function fakeThread() {
  const posted: HostMessage[] = [];
  let toHost: (message: GuestMessage) => void = () => undefined;
  let onExit: (reason: string, code?: number) => void = () => undefined;
  let terminated = false;
  const transport: GuestTransport = {
    post: (message) => posted.push(message),
    onMessage: (handler) => (toHost = handler),
    onExit: (handler) => (onExit = handler),
    terminate: () => (terminated = true),
  };
  return {
    transport,
    posted,
    kinds: () => posted.map((message) => message.t),
    send: (message: unknown) => toHost(message as GuestMessage),
    exit: (reason: string, code?: number) => onExit(reason, code),
    terminated: () => terminated,
  };
}

/**
 * One service on a run made of stand-ins: a run clock in virtual time, rounds that hand every
 * message to the bridge at once, programs that are never transpiled, and a real simulated
 * broker (for its clients).
 */
function serviceOf(
  manifest: ServiceManifest,
  whenEnded: (service: ServiceProcess) => void = () => undefined,
) {
  const real = manualClock();
  const clock = createRunClock({ clock: real });
  const broker = createBroker({ scheduler: clock, seed: 1 });
  const trace: string[] = [];
  broker.trace$.subscribe((event) => trace.push(`${event.kind} ${event.from}`));
  const threads: ReturnType<typeof fakeThread>[] = [];
  const printed: OutputLine[] = [];
  const said: string[] = [];
  const failed: OutputLine[] = [];
  const pongs: number[] = [];
  let ended = 0;
  const run: ServiceRun = {
    clock,
    surfaces: surfacesOf(),
    schema: createRemoteSchema(surfacesOf()),
    rounds: {
      post: (_member, transport, message) => transport.post(message),
      settled: () => undefined,
      queue: (member, message) => member.bridge?.handle(message),
      flushOutput: () => undefined,
      pump: () => undefined,
    },
    now: () => real.now(),
    time: () => clock.now(),
    compile: (file): CompiledService | CompileError =>
      file.startsWith('bad')
        ? new CompileError('Unexpected token (1:19)', { file, line: 1, column: 19 })
        : { file, code: "require('ioredis');", map: [] },
    spawn: () => {
      const thread = fakeThread();
      threads.push(thread);
      return thread.transport;
    },
    modulesFor: (name) => broker.modulesFor(name),
    outputLimit: 50,
    epochMs: 1_000,
    seed: 7,
    printed: (line) => printed.push(line),
    printCapped: (name, limit) => said.push(`${name} capped at ${limit}`),
    say: (_name, text) => said.push(text),
    failed: (line) => failed.push(line),
    pong: (_service, n) => pongs.push(n),
    ended: (ended_) => {
      ended += 1;
      whenEnded(ended_);
    },
  };
  const service = new ServiceProcess(manifest, run);
  return {
    service,
    real,
    clock,
    broker,
    trace,
    threads,
    thread: (index = 0) => threads[index]!,
    printed,
    said,
    failed,
    pongs,
    ended: () => ended,
  };
}

const started = async (manifest: ServiceManifest = { name: 'svc', file: 'svc.ts' }) => {
  const run = serviceOf(manifest);
  run.service.scheduleStart();
  await Promise.resolve();
  run.thread().send({ t: 'ready' });
  return run;
};

const startOf = (posted: HostMessage[]) =>
  posted.find((m): m is Extract<HostMessage, { t: 'start' }> => m.t === 'start');

describe('ServiceProcess', () => {
  it('starts at run time startDelayMs with its code, limit, epoch and seed; ready makes it running', () => {
    const { service, real, threads, thread } = serviceOf({
      name: 'late',
      file: 'late.ts',
      startDelayMs: 500,
    });
    service.scheduleStart();
    real.advance(499);
    expect(threads).toHaveLength(0);
    expect(service.status).toBe('waiting');
    real.advance(1);
    expect(service.status).toBe('starting');
    expect(startOf(thread().posted)).toMatchObject({
      t: 'start',
      service: 'late',
      file: 'late.ts',
      code: "require('ioredis');",
      outputLimit: 50,
      epochMs: 1_000,
    });
    expect(Object.keys(startOf(thread().posted)?.modules ?? {})).toEqual(['ioredis']);
    thread().send({ t: 'ready' });
    expect(service.status).toBe('running');
    expect(service.readyAt).toBe(500);
  });

  it('an undelayed service starts in a microtask, not on a timer', async () => {
    const { service, threads } = serviceOf({ name: 'now', file: 'now.ts' });
    service.scheduleStart();
    expect(threads).toHaveLength(0);
    await Promise.resolve();
    expect(threads).toHaveLength(1);
  });

  it("runs its timers on the run's clock", async () => {
    const { real, thread } = await started();
    thread().send({ t: 'timer', id: 1, delay: 100 });
    thread().send({ t: 'timer', id: 2, delay: 100 });
    thread().send({ t: 'timer-clear', id: 2 });
    real.advance(99);
    expect(thread().kinds()).toEqual(['start']);
    real.advance(1);
    expect(thread().posted.at(-1)).toEqual({ t: 'fire', id: 1 });
    expect(thread().kinds()).toEqual(['start', 'fire']);
  });

  it("a crashed service's timers stop, its thread ends, and what it sends after is ignored", async () => {
    const { service, real, clock, thread, printed, said, ended } = await started();
    const signal = service.signal;
    thread().send({ t: 'timer', id: 1, delay: 100 });
    expect(clock.pending()).toBe(1);
    service.crash();
    expect(clock.pending()).toBe(0);
    expect(signal?.aborted).toBe(true);
    expect(thread().terminated()).toBe(true);
    expect(service.status).toBe('ended');
    expect(service.transport).toBeUndefined();
    expect(said).toEqual(['svc was crashed: its process is gone and its connections dropped.']);
    expect(ended()).toBe(1);
    real.advance(1_000);
    expect(thread().kinds()).toEqual(['start']);
    thread().send({ t: 'output', level: 'log', text: 'ghost' });
    thread().exit('its thread exited with code 1', 1);
    expect(printed).toEqual([]);
    expect(said).toHaveLength(1);
  });

  it("a crashed service's broker clients drop with it, whatever their name", async () => {
    const { service, real, thread, trace } = await started();
    thread().send({
      t: 'new',
      ref: 1,
      module: 'ioredis',
      path: ['default'],
      args: [{ t: 'o', v: { connectionName: 'renamed' } }],
    });
    real.advance(100);
    expect(trace).toContain('connected renamed');
    service.crash();
    expect(trace).toContain('crashed renamed');
  });

  it('at the end of the run its thread ends, its clients are left to the broker, and nothing starts again', async () => {
    const { service, real, thread, trace, threads } = await started();
    thread().send({ t: 'new', ref: 1, module: 'ioredis', path: ['default'], args: [] });
    real.advance(100);
    service.close();
    expect(thread().terminated()).toBe(true);
    expect(trace.filter((t) => t.startsWith('crashed'))).toEqual([]);
    service.restart();
    service.crash();
    expect(threads).toHaveLength(1);
  });

  it('a service the run ended before its start never starts', async () => {
    const delayed = serviceOf({ name: 'd', file: 'd.ts', startDelayMs: 100 });
    delayed.service.scheduleStart();
    delayed.service.close();
    delayed.real.advance(1_000);
    expect(delayed.threads).toHaveLength(0);
    const undelayed = serviceOf({ name: 'u', file: 'u.ts' });
    undelayed.service.scheduleStart();
    undelayed.service.close();
    await Promise.resolve();
    expect(undelayed.threads).toHaveLength(0);
  });

  it('a Restart whose ending ended the run starts no thread nobody would stop', async () => {
    // The run ends when its last service ends (start-run.ts), even on its way to a restart.
    const { service, threads } = serviceOf({ name: 'only', file: 'only.ts' }, (s) => s.close());
    service.scheduleStart();
    await Promise.resolve();
    service.restart();
    expect(threads).toHaveLength(1);
  });

  it("an uncaught error fails it, after the reader's line, and says it crashed", async () => {
    const { service, thread, failed, said } = await started();
    thread().send({ t: 'uncaught', name: 'Error', message: 'boom', stack: 'Error: boom' });
    expect(failed).toEqual([
      { service: 'svc', level: 'error', text: 'Uncaught Error: boom', time: 0 },
    ]);
    expect(said).toEqual([
      'svc crashed on an uncaught error and was stopped, as its process would be; the other services keep running.',
    ]);
    expect(service.status).toBe('ended');
    expect(thread().terminated()).toBe(true);
  });

  it("an 'error' of one of its clients that nobody listened to ends it the same way", async () => {
    const { service, failed } = await started();
    service.clientErrorUnhandled(new Error('Connection closed: 320 (CONNECTION-FORCED)'));
    expect(failed[0]?.text).toMatch(/^Uncaught Error: Connection closed: 320/);
    expect(failed[0]?.text).toContain(
      "an 'error' event of its broker client that no listener handled",
    );
    expect(service.status).toBe('ended');
  });

  it('a message that is not the protocol fails it at once', async () => {
    const { service, thread, failed } = await started();
    thread().send(null);
    expect(failed[0]?.text).toMatch(/the service sent a malformed message to the broker/);
    expect(service.status).toBe('ended');
  });

  it('a syntax error fails it with its location, and no thread is made', async () => {
    const { service, threads, failed } = serviceOf({ name: 'bad', file: 'bad.ts' });
    service.scheduleStart();
    await Promise.resolve();
    expect(threads).toHaveLength(0);
    expect(failed).toEqual([
      {
        service: 'bad',
        level: 'error',
        text: 'SyntaxError: Unexpected token (1:19)',
        time: 0,
        location: { file: 'bad.ts', line: 1, column: 19 },
      },
    ]);
    expect(service.status).toBe('ended');
  });

  it('exit code 0 ends it quietly; any other end of its thread fails it', async () => {
    const clean = await started();
    clean.thread().send({ t: 'exit', code: 0 });
    expect(clean.said).toEqual(['svc exited (code 0).']);
    expect(clean.failed).toEqual([]);
    expect(clean.service.status).toBe('ended');
    const dirty = await started();
    dirty.thread().exit('out of memory');
    expect(dirty.failed.map((line) => line.text)).toEqual(['svc exited: out of memory']);
  });

  it("a restart is a new thread with its own seed; the old thread's late words are ignored", async () => {
    const { service, real, thread, threads, failed, said } = await started();
    service.restart();
    expect(thread(0).terminated()).toBe(true);
    expect(threads).toHaveLength(2);
    expect(service.generation).toBe(2);
    expect(said).toEqual(['svc restarted from its code.']);
    expect(startOf(thread(1).posted)?.randomSeed).not.toBe(startOf(thread(0).posted)?.randomSeed);
    thread(0).send({ t: 'uncaught', name: 'Error', message: 'late', stack: 'Error: late' });
    thread(0).exit('its thread exited with code 1', 1);
    expect(failed).toEqual([]);
    thread(1).send({ t: 'ready' });
    thread(1).send({ t: 'timer', id: 1, delay: 10 });
    real.advance(10);
    expect(thread(1).kinds()).toEqual(['start', 'fire']);
    expect(service.status).toBe('running');
  });

  it('Crash does nothing to a service that has not started or has ended', () => {
    const { service, said } = serviceOf({ name: 'w', file: 'w.ts', startDelayMs: 100 });
    service.crash();
    expect(said).toEqual([]);
    expect(service.status).toBe('waiting');
  });

  it('passes pongs to the watchdog and lines to the output cap', async () => {
    const { thread, printed, pongs, said } = await started();
    thread().send({ t: 'pong', n: 3 });
    thread().send({ t: 'output', level: 'warn', text: 'careful' });
    thread().send({ t: 'output-capped', limit: 50 });
    expect(pongs).toEqual([3]);
    expect(printed).toEqual([{ service: 'svc', level: 'warn', text: 'careful', time: 0 }]);
    expect(said).toEqual(['svc capped at 50']);
  });
});
