import { ReplaySubject, Subject, type Subscription } from 'rxjs';
import { noFaults } from '../../broker/core/fault-settings';
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
import type { BrokerFactory, BrokerHandle, PlaybackHandle } from './broker-handle';
import type { GuestTransport } from './guest-transport';
import { HostBridge } from './host-bridge';
import { toHostBuffer } from './host-buffer';

/** What a runtime plugs into {@link startRun}: how to make threads, the broker and its clock. */
export interface RunDependencies {
  /** Starts a fresh thread for one service. */
  spawn(service: ServiceManifest): GuestTransport;
  createBroker: BrokerFactory;
  createScheduler(speed: number): PlaybackHandle;
  /** Milliseconds, monotonic (default `performance.now()`). */
  now?(): number;
}

/** Defaults every runtime shares. */
export const runDefaults = {
  timeLimitMs: 2_000,
  outputLimit: 2_000,
  heartbeatMs: 250,
} as const;

type Status = 'waiting' | 'starting' | 'running' | 'ended';

interface ServiceState {
  readonly manifest: ServiceManifest;
  status: Status;
  transport?: GuestTransport;
  bridge?: HostBridge;
  pingN: number;
  pingAt?: number;
  startTimer?: ReturnType<typeof setTimeout>;
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
  const broker: BrokerHandle = deps.createBroker({
    scheduler,
    seed,
    faults: options.faults ?? noFaults,
    onUnhandledError: (service, error) => services.get(service)?.unhandledError?.(error),
  });
  const startedAt = now();
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

  const time = (): number => Math.round(now() - startedAt);
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
    failures.push(line);
    emit(line, true);
    end(state);
  };

  const end = (state: ServiceState): void => {
    if (state.startTimer !== undefined) clearTimeout(state.startTimer);
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
    const bridge = new HostBridge(
      requiredModules(broker.modulesFor(name), program.code),
      (message) => transport.post(message),
      {
        // The thread got 'start' already: this only says its script is loaded, so the hang
        // watchdog may begin (a fresh, unpooled worker can take a while to fetch its script).
        ready: () => {
          state.status = 'running';
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
    // While the broker is paused, this service's calls into it (connect, publish, ack…) wait in
    // the broker's scheduler like its own deliveries do, so Pause holds the whole system and
    // Step lets one of them through. Once one waits, later ones queue behind it to keep order.
    let heldCalls = 0;
    transport.onMessage((message) => {
      if (state.generation !== generation) return;
      // Anything may arrive here (the guest is the reader's code); the bridge checks each
      // message in full and fails the service on a malformed one.
      const kind = typeof message === 'object' && message !== null ? message.t : undefined;
      const reachesBroker = kind === 'new' || kind === 'call' || kind === 'invoked';
      if (!reachesBroker || (!scheduler.paused && heldCalls === 0)) {
        bridge.handle(message);
        return;
      }
      heldCalls += 1;
      scheduler.schedule(() => {
        heldCalls -= 1;
        if (state.generation === generation) bridge.handle(message);
      });
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
    transport.post({
      t: 'start',
      service: name,
      file,
      code: program.code,
      modules: bridge.describeModules(),
      outputLimit,
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
      if (state.pingAt !== undefined) {
        if (hostStalled) state.pingAt = t;
        else if (t - state.pingAt > timeLimitMs) hung(state);
      } else {
        state.pingN += 1;
        state.pingAt = t;
        state.transport.post({ t: 'ping', n: state.pingN });
      }
    }
    const allStarted = [...services.values()].every(
      (s) => s.status === 'running' || s.status === 'ended',
    );
    if (options.durationMs !== undefined && t - startedAt >= options.durationMs) {
      finish('duration');
    } else if (
      options.quietMs !== undefined &&
      allStarted &&
      !scheduler.paused &&
      t - lastActivity >= options.quietMs
    ) {
      finish('quiet');
    }
  }, heartbeatMs);

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
      if (state.startTimer !== undefined) clearTimeout(state.startTimer);
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
    const state: ServiceState = { manifest, status: 'waiting', pingN: 0, generation: 0 };
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
    if (delay > 0) state.startTimer = setTimeout(launchIfWaiting, delay);
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
        releaseHeld(heldEvents.length);
        scheduler.resume();
      },
      step: () => {
        if (!scheduler.paused) return;
        // Let the broker take its next actions only once every event of the last one is shown,
        // and skip silent ones (a timer that changes nothing visible) so each Step shows one
        // event; the cap stops a self-rescheduling silent timer from spinning forever.
        for (let i = 0; heldEvents.length === 0 && i < 1000 && scheduler.step(); i += 1);
        releaseHeld(1);
      },
      setSpeed: (speed) => scheduler.setSpeed(speed),
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
        if (state.startTimer !== undefined) clearTimeout(state.startTimer);
        delete state.startTimer;
        system(name, `${name} restarted from its code.`);
        launch(state);
      },
      restartBroker: () => {
        if (done) return;
        system('system', restartedBrokerText[source.manifest.model]);
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
