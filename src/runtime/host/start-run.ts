import { ReplaySubject, Subject, type Subscription } from 'rxjs';
import { noFaults } from '../../broker/core/fault-settings';
import { keyedDraw } from '../../broker/core/prng';
import type { TraceEvent } from '../../broker/core/trace-event';
import type {
  OutputLevel,
  OutputLine,
  RunOptions,
  RunResult,
  RunSession,
  SandboxSource,
  ServiceManifest,
} from '../contract';
import { CompileError, compileCached, locateError, type CompiledService } from '../transpile';
import { validateGuestMessage, type GuestMessage } from '../protocol';
import type { BrokerFactory, BrokerHandle } from './broker-handle';
import type { GuestTransport } from './guest-transport';
import { HostBridge } from './host-bridge';
import { toHostBuffer } from './host-buffer';
import type { RunClock } from '../../broker';
import { createRounds, roundPatienceMs, type RoundMember } from './run-rounds';

/** What a runtime plugs into {@link startRun}: how to make threads, the broker and its clock. */
export interface RunDependencies {
  /** Starts a fresh thread for one service. */
  spawn(service: ServiceManifest): GuestTransport;
  createBroker: BrokerFactory;
  /** The run's one clock (see run-clock.ts). */
  createScheduler(speed: number): RunClock;
  /** Milliseconds, monotonic (default `performance.now()`). */
  now?(): number;
}

/** Defaults every runtime shares. */
export const runDefaults = {
  timeLimitMs: 2_000,
  outputLimit: 2_000,
  heartbeatMs: 250,
  /** What run time 0 stands for, unless the reader asks for the wall clock: a fixed instant,
   * so two runs print the same dates. */
  clockStart: Date.UTC(2030, 0, 7, 9, 0, 0),
} as const;

type Status = 'waiting' | 'starting' | 'running' | 'ended';

interface ServiceState extends RoundMember {
  readonly manifest: ServiceManifest;
  status: Status;
  bridge?: HostBridge;
  pingN: number;
  pingAt?: number;
  startTimer?: Subscription;
  /** Its timers, on the run's clock. */
  readonly timers: Map<number, Subscription>;
  /** Set while a restart waits for the old thread to go. */
  generation: number;
  /** One of its clients emitted 'error' with no listener (set while its thread runs). */
  unhandledError?: (error: Error) => void;
}

/**
 * Runs a sandbox: one thread per service (made by `deps.spawn`), one broker outside them, the
 * RPC between them, the console, the hang watchdog, the output cap and the reader's controls.
 * Shared by the Web Worker and worker_thread runtimes; only `spawn` differs.
 */
export function startRun(
  source: SandboxSource,
  options: RunOptions,
  deps: RunDependencies,
): RunSession {
  const now = (): number => (deps.now ? deps.now() : performance.now());
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const timeLimitMs = options.timeLimitMs ?? runDefaults.timeLimitMs;
  const outputLimit = options.outputLimit ?? runDefaults.outputLimit;
  const scheduler = deps.createScheduler(options.speed ?? 1);
  scheduler.skipIdle = options.skipIdle ?? false;
  const clockStart = options.clockStart === 'wall' ? Date.now() : runDefaults.clockStart;
  const broker: BrokerHandle = deps.createBroker({
    scheduler,
    seed,
    faults: options.faults ?? noFaults,
    onUnhandledError: (service, error) => services.get(service)?.unhandledError?.(error),
  });
  const output$ = new ReplaySubject<OutputLine>();
  const failures: OutputLine[] = [];
  const compiled = new Map<string, CompiledService | CompileError>();
  const services = new Map<string, ServiceState>();
  let lines = 0;
  let capped = false;
  let done = false;
  let lastActivity = now();
  let resolveFinished: (result: RunResult) => void = () => undefined;
  const finished = new Promise<RunResult>((resolve) => (resolveFinished = resolve));

  // Lines carry the run's time, not the wall clock's: the same run prints the same times.
  const time = (): number => Math.round(scheduler.now());
  const emit = (line: OutputLine, force = false): void => {
    if (done) return;
    lastActivity = now();
    if (lines >= outputLimit && !force) {
      if (!capped) {
        capped = true;
        output$.next({
          service: 'system',
          level: 'system',
          text: `Output limit reached (${outputLimit.toLocaleString('en')} lines): later lines are hidden; the services keep running.`,
          time: time(),
        });
      }
      return;
    }
    lines += 1;
    output$.next(line);
  };
  const system = (service: string, text: string): void =>
    emit({ service, level: 'system', text, time: time() }, true);

  // The run's trace, one event at a time while paused: one broker action can make several
  // events at once (a fanout publish is routed to every bound queue in the same instant, as
  // on RabbitMQ), and Step shows them one per click, in order, before the broker moves on.
  const trace$ = new Subject<TraceEvent>();
  const heldEvents: TraceEvent[] = [];
  const traceSubscription: Subscription = broker.trace$.subscribe((event) => {
    lastActivity = now();
    if (scheduler.paused) heldEvents.push(event);
    else trace$.next(event);
  });

  const rounds = createRounds({
    members: () => services.values(),
    clock: scheduler,
    now,
    isDone: () => done,
    held: () => heldEvents.length,
    lines: () => lines,
    releaseHeld: (count) => releaseHeld(count),
  });
  let stragglerNoted = false;
  const releaseHeld = (count: number): void => {
    for (let i = 0; i < count && heldEvents.length > 0; i += 1) {
      trace$.next(heldEvents.shift() as TraceEvent);
    }
  };

  const compile = (file: string): CompiledService | CompileError => {
    let result = compiled.get(file);
    if (!result) {
      const text = source.files[file];
      try {
        if (text === undefined) throw new Error(`${file} is not among the sandbox's files`);
        result = compileCached(file, text);
      } catch (error) {
        result =
          error instanceof CompileError
            ? error
            : new CompileError((error as Error).message, { file, line: 1, column: 1 });
      }
      compiled.set(file, result);
    }
    return result;
  };

  const fail = (state: ServiceState, line: OutputLine): void => {
    // What it printed before it ended comes first, as a process's output would.
    rounds.flushOutput(state);
    failures.push(line);
    emit(line, true);
    end(state);
  };

  const end = (state: ServiceState): void => {
    state.startTimer?.unsubscribe();
    for (const timer of state.timers.values()) timer.unsubscribe();
    state.timers.clear();
    rounds.flushOutput(state);
    state.transport?.terminate();
    // Its clients go down with it (before the bridge forgets them): the broker sees their
    // connections drop, and nothing of theirs reconnects or calls into the dead thread.
    state.bridge?.processCrashed();
    state.bridge?.dispose();
    delete state.unhandledError;
    delete state.transport;
    delete state.bridge;
    delete state.pingAt;
    state.status = 'ended';
    checkAllEnded();
    rounds.pump();
  };

  const launch = (state: ServiceState): void => {
    const { name, file } = state.manifest;
    const program = compile(file);
    if (program instanceof CompileError) {
      fail(state, {
        service: name,
        level: 'error',
        text: `SyntaxError: ${program.message}`,
        time: time(),
        location: program.location,
      });
      return;
    }
    state.status = 'starting';
    const generation = ++state.generation;
    const transport = deps.spawn(state.manifest);
    state.sentSeq = 0;
    state.settledSeq = 0;
    const bridge = new HostBridge(
      requiredModules(broker.modulesFor(name), program.code),
      (message) => rounds.post(state, transport, message),
      {
        // The thread got 'start' already: this only says its script is loaded, so the hang
        // watchdog may begin (a fresh, unpooled worker can take a while to fetch its script).
        ready: () => {
          state.status = 'running';
          state.readyAt = now();
        },
        output: (level: OutputLevel, text: string) =>
          emit({ service: name, level, text, time: time() }),
        outputCapped: (limit) =>
          system(
            name,
            `${name} printed more than ${limit.toLocaleString('en')} lines; the rest are hidden.`,
          ),
        uncaught: (error) => crashedOn(error),
        pong: (n) => {
          if (n === state.pingN) delete state.pingAt;
        },
        exit: (code) => exited(code),
        timer: (id, delay) => {
          state.timers.get(id)?.unsubscribe();
          state.timers.set(
            id,
            scheduler.schedule(() => {
              state.timers.delete(id);
              if (state.generation === generation) rounds.post(state, transport, { t: 'fire', id });
            }, delay),
          );
        },
        timerClear: (id) => {
          state.timers.get(id)?.unsubscribe();
          state.timers.delete(id);
        },
        settled: (seq) => rounds.settled(state, seq),
      },
      toHostBuffer,
    );
    // Uncaught in the thread, or an 'error' event of one of its clients nobody listened to:
    // either way its Node process would end here.
    const crashedOn = (error: { name: string; message: string; stack: string }): void => {
      if (state.generation !== generation) return;
      const located = locateError(error.stack, program);
      const firstLine = located.stack.split('\n')[0] ?? '';
      // Keep the stack's own first line when it has the message; add it otherwise.
      const text = firstLine.includes(error.message)
        ? located.stack
        : `${error.name}: ${error.message}\n${located.stack}`;
      fail(state, {
        service: name,
        level: 'error',
        text: `Uncaught ${text.trimEnd()}`,
        time: time(),
        ...(located.location ? { location: located.location } : {}),
      });
      system(
        name,
        `${name} crashed on an uncaught error and was stopped, as its process would be; the other services keep running.`,
      );
    };
    state.unhandledError = (error) =>
      crashedOn({
        name: error.name,
        message: error.message,
        stack:
          `${error.name}: ${error.message}\n` +
          "    (an 'error' event of its broker client that no listener handled, which ends a " +
          "Node process: listen with .on('error', …))",
      });
    // Liveness and round-keeping are handled at once; everything else waits for the round
    // (see pump): while paused, that holds the thread's calls, lines and timers too.
    transport.onMessage((message: GuestMessage) => {
      if (state.generation !== generation) return;
      // Anything may arrive here (the guest is the reader's code); the bridge checks each
      // message in full and fails the service on a malformed one.
      const kind: unknown =
        typeof message === 'object' && message !== null
          ? (message as { t?: unknown }).t
          : undefined;
      // A malformed message fails the service at once (the bridge says why), not at the round
      // a thread that never settles would never reach.
      if (kind === 'pong' || kind === 'settled' || kind === 'ready') {
        bridge.handle(message);
        return;
      }
      if (!validateGuestMessage(message).ok) {
        // What it printed before is shown first: the bridge hears nothing after this.
        rounds.flushOutput(state);
        bridge.handle(message);
        return;
      }
      rounds.queue(state, message);
    });
    const exited = (code: number | undefined, reason = `process.exit(${code})`): void => {
      if (state.generation !== generation || state.status === 'ended') return;
      if (code === 0) {
        system(name, `${name} exited (code 0).`);
        end(state);
        return;
      }
      fail(state, {
        service: name,
        level: 'error',
        text: `${name} exited: ${reason}`,
        time: time(),
      });
    };
    transport.onExit((reason, code) => exited(code, reason));
    state.transport = transport;
    state.bridge = bridge;
    // Sent now rather than on the thread's 'ready': the channel queues it until the thread
    // listens, and a pooled worker is already listening, so no round trip stands before the code.
    rounds.post(state, transport, {
      t: 'start',
      service: name,
      file,
      code: program.code,
      modules: bridge.describeModules(),
      outputLimit,
      epochMs: clockStart,
      randomSeed: serviceSeed(seed, name, generation),
    });
  };

  const checkAllEnded = (): void => {
    if (done) return;
    const all = [...services.values()];
    if (all.length > 0 && all.every((s) => s.status === 'ended')) {
      finish(failures.length > 0 ? 'failed' : 'quiet');
    }
  };

  const heartbeatMs = Math.min(runDefaults.heartbeatMs, Math.max(20, timeLimitMs / 4));
  let lastTick = now();
  const heartbeat = setInterval(() => {
    if (done) return;
    const t = now();
    // If the page itself was blocked (Monaco loading, a background tab), pongs may be waiting
    // unread behind this timer: give every service a fresh window instead of blaming it.
    const hostStalled = t - lastTick > heartbeatMs * 4;
    lastTick = t;
    for (const state of services.values()) {
      if (state.status !== 'running' || !state.transport) continue;
      if (rounds.straggling(state)) {
        if (!stragglerNoted) {
          stragglerNoted = true;
          system(
            state.manifest.name,
            `${state.manifest.name} kept its thread busy for over ${roundPatienceMs / 1000} s; the other services go on without waiting for it, so this run may not replay exactly.`,
          );
        }
        rounds.pump();
      }
      if (state.pingAt !== undefined) {
        if (hostStalled) state.pingAt = t;
        else if (t - state.pingAt > timeLimitMs) hung(state);
      } else if (
        state.busySince !== undefined &&
        !hostStalled &&
        t - state.busySince > timeLimitMs
      ) {
        // It answers pings but never settles what it was given: the run's clock would wait on
        // it for ever.
        hung(state);
      } else {
        state.pingN += 1;
        state.pingAt = t;
        state.transport.post({ t: 'ping', n: state.pingN });
      }
    }
    const allStarted = [...services.values()].every(
      (s) => s.status === 'running' || s.status === 'ended',
    );
    if (
      options.quietMs !== undefined &&
      allStarted &&
      !scheduler.paused &&
      t - lastActivity >= options.quietMs
    ) {
      finish('quiet');
    }
  }, heartbeatMs);
  // On the run's clock, so a run of the same length covers the same events every time.
  if (options.durationMs !== undefined) {
    scheduler.schedule(() => finish('duration'), options.durationMs);
  }

  const hung = (state: ServiceState): void => {
    const name = state.manifest.name;
    const seconds = (timeLimitMs / 1000).toLocaleString('en');
    fail(state, {
      service: name,
      level: 'system',
      text: `${name} did not yield for ${seconds} s (an endless loop?) and was stopped; the other services keep running.`,
      time: time(),
    });
  };

  const finish = (reason: RunResult['reason']): void => {
    if (done) return;
    clearInterval(heartbeat);
    for (const state of services.values()) {
      state.startTimer?.unsubscribe();
      state.transport?.terminate();
      state.bridge?.dispose();
    }
    done = true;
    traceSubscription.unsubscribe();
    releaseHeld(heldEvents.length);
    trace$.complete();
    try {
      broker.close();
    } finally {
      scheduler.dispose();
      output$.complete();
      resolveFinished({ reason, failures: [...failures] });
    }
  };

  for (const manifest of source.manifest.services) {
    const state: ServiceState = {
      manifest,
      status: 'waiting',
      pingN: 0,
      generation: 0,
      sentSeq: 0,
      settledSeq: 0,
      inbox: [],
      timers: new Map(),
    };
    services.set(manifest.name, state);
  }
  // Start once the caller has subscribed to output$ and trace$ (it does so as soon as this
  // returns). Undelayed services start in a microtask, not a timer: a timer would wait behind
  // the frame the click's own DOM changes cause, while the threads could already be working.
  for (const state of services.values()) {
    const delay = state.manifest.startDelayMs ?? 0;
    const launchIfWaiting = (): void => {
      delete state.startTimer;
      if (!done && state.status === 'waiting' && state.generation === 0) launch(state);
    };
    // On the run's clock: a service starts at run time startDelayMs, whatever the threads did.
    if (delay > 0) state.startTimer = scheduler.schedule(launchIfWaiting, delay);
    else queueMicrotask(launchIfWaiting);
  }

  const serviceNamed = (name: string): ServiceState => {
    const state = services.get(name);
    if (!state) throw new Error(`no service named "${name}" in this sandbox`);
    return state;
  };

  return {
    output$: output$.asObservable(),
    trace$: trace$.asObservable(),
    finished,
    stop: () => finish('stopped'),
    controls: {
      seed,
      pause: () => scheduler.pause(),
      resume: () => {
        rounds.stopStepping();
        releaseHeld(heldEvents.length);
        scheduler.resume();
        rounds.pump();
      },
      step: () => {
        if (!scheduler.paused) return;
        if (heldEvents.length > 0) {
          releaseHeld(1);
          return;
        }
        // Let the run take its next rounds and actions, a service's timers included, until one
        // event shows.
        rounds.step();
      },
      setSpeed: (speed) => scheduler.setSpeed(speed),
      setSkipIdle: (on) => {
        scheduler.skipIdle = on === true;
        scheduler.kick();
      },
      setFaults: (faults) => broker.setFaults(faults),
      crashService: (name) => {
        const state = serviceNamed(name);
        if (done || state.status === 'ended' || state.status === 'waiting') return;
        system(name, `${name} was crashed: its process is gone and its connections dropped.`);
        end(state);
      },
      restartService: (name) => {
        const state = serviceNamed(name);
        if (done) return;
        if (state.status !== 'ended' && state.status !== 'waiting') end(state);
        state.startTimer?.unsubscribe();
        delete state.startTimer;
        system(name, `${name} restarted from its code.`);
        launch(state);
      },
      restartBroker: () => {
        if (done) return;
        system('system', restartedBrokerText[source.manifest.model] ?? restartedBrokerText.none!);
        broker.restart();
      },
    },
  };
}

/** What a broker restart did, said for the broker the sandbox runs on. */
const restartedBrokerText: Readonly<Record<SandboxSource['manifest']['model'], string>> = {
  redis:
    'Redis restarted: every connection dropped (ioredis reconnects and resubscribes on its own), and nothing published meanwhile reached anyone; without persistence, every key is gone.',
  amqp: 'RabbitMQ restarted: every connection closed (unacked messages went back to their queues first); durable queues kept their persistent messages, everything else is gone.',
  kafka:
    'Kafka restarted: the logs and committed offsets are kept; clients reconnect, consumer groups rebalance, and uncommitted progress is read again.',
  none: 'The broker restarted (no service here uses one).',
};

/**
 * Compiles a sandbox's services into the shared cache ahead of a Run (idle time after the page
 * loads), so the Run that follows goes straight to the threads. Errors wait for the Run to
 * report them.
 */
export function prepareRun(source: SandboxSource): void {
  for (const { file } of source.manifest.services) {
    const text = source.files[file];
    if (text === undefined) continue;
    try {
      compileCached(file, text);
    } catch {
      // Reported, with its line, when the reader runs it.
    }
  }
}

/**
 * Only the client modules the code requires: describing a module builds it (the Kafka model is
 * built on first use), and Sucrase has turned every import into `require('name')`.
 */
function requiredModules(
  modules: Readonly<Record<string, unknown>>,
  code: string,
): Record<string, unknown> {
  const required: Record<string, unknown> = {};
  for (const name of ['ioredis', 'amqplib', 'kafkajs']) {
    if (code.includes(`require('${name}')`) || code.includes(`require("${name}")`)) {
      required[name] = modules[name];
    }
  }
  return required;
}

/** A seed for one service's `Math.random`, from the run's seed, its name and its restarts. */
function serviceSeed(seed: number, name: string, generation: number): number {
  return Math.floor(keyedDraw(seed, `random:${name}#${generation}`) * 2 ** 32);
}
