import { ReplaySubject, type Subscription } from 'rxjs';
import { noFaults } from '../../broker/core/fault-settings';
import { surfacesOf, type RunClock } from '../../broker';
import type {
  OutputLine,
  RunOptions,
  RunResult,
  RunSession,
  SandboxSource,
  ServiceManifest,
} from '../contract';
import type { BrokerFactory, BrokerHandle } from './broker-handle';
import { createRemoteSchema } from '../protocol';
import type { GuestTransport } from './guest-transport';
import { HangWatchdog, maxHeartbeatMs } from './hang-watchdog';
import { OutputCap, serviceCappedNote } from './output-cap';
import { restartedBrokerText } from './restarted-broker-text';
import { runPrograms } from './run-programs';
import { createRounds } from './run-rounds';
import { ServiceProcess, type ServiceRun } from './service-process';
import { StepPacer } from './step-pacer';

export { prepareRun } from './run-programs';

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
  heartbeatMs: maxHeartbeatMs,
  /** What run time 0 stands for, unless the reader asks for the wall clock: a fixed instant,
   * so two runs print the same dates. */
  clockStart: Date.UTC(2030, 0, 7, 9, 0, 0),
} as const;

/**
 * Runs a sandbox: one thread per service (made by `deps.spawn`), one broker outside them, the
 * RPC between them, the console, the hang watchdog, the output cap and the reader's controls.
 * Shared by the Web Worker and worker_thread runtimes; only `spawn` differs. Each job has its
 * own unit (see README.md); this wires them to one broker, one clock and one console.
 */
export function startRun(
  source: SandboxSource,
  options: RunOptions,
  deps: RunDependencies,
): RunSession {
  const now = (): number => (deps.now ? deps.now() : performance.now());
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const timeLimitMs = options.timeLimitMs ?? runDefaults.timeLimitMs;
  const scheduler = deps.createScheduler(options.speed ?? 1);
  scheduler.skipIdle = options.skipIdle ?? false;
  const services = new Map<string, ServiceProcess>();
  const broker: BrokerHandle = deps.createBroker({
    scheduler,
    seed,
    faults: options.faults ?? noFaults,
    onUnhandledError: (service, error) => services.get(service)?.clientErrorUnhandled(error),
  });
  const output$ = new ReplaySubject<OutputLine>();
  const failures: OutputLine[] = [];
  let done = false;
  let lastActivity = now();
  let resolveFinished: (result: RunResult) => void = () => undefined;
  const finished = new Promise<RunResult>((resolve) => (resolveFinished = resolve));

  // Lines carry the run's time, not the wall clock's: the same run prints the same times.
  const time = (): number => Math.round(scheduler.now());
  const cap = new OutputCap(options.outputLimit ?? runDefaults.outputLimit, (line) =>
    output$.next(line),
  );
  // Every line, shown or hidden by the cap, says the run is not quiet.
  const emit = (line: OutputLine, always = false): void => {
    if (done) return;
    lastActivity = now();
    if (always) cap.always(line);
    else cap.printed(line);
  };
  const system = (service: string, text: string): void =>
    emit({ service, level: 'system', text, time: time() }, true);

  const pacer = new StepPacer({
    clock: scheduler,
    lines: () => cap.shown,
    pump: () => rounds.pump(),
  });
  const traceSubscription: Subscription = broker.trace$.subscribe((event) => {
    lastActivity = now();
    pacer.event(event);
  });
  const rounds = createRounds({
    members: () => services.values(),
    clock: scheduler,
    now,
    isDone: () => done,
    steps: pacer,
  });

  // One list: the broker's models say what sandbox code may call on their clients.
  const surfaces = surfacesOf(broker.models);
  const serviceRun: ServiceRun = {
    clock: scheduler,
    rounds,
    now,
    time,
    compile: runPrograms(source),
    spawn: (manifest) => deps.spawn(manifest),
    modulesFor: (service) => broker.modulesFor(service),
    surfaces,
    schema: createRemoteSchema(surfaces),
    outputLimit: cap.limit,
    epochMs: options.clockStart === 'wall' ? Date.now() : runDefaults.clockStart,
    seed,
    printed: (line) => emit(line),
    printCapped: (service, limit) => system(service, serviceCappedNote(service, limit)),
    say: system,
    failed: (line) => {
      failures.push(line);
      emit(line, true);
    },
    pong: (service, n) => watchdog.pong(service, n),
    ended: () => {
      const all = [...services.values()];
      if (all.every((s) => s.status === 'ended')) finish(failures.length > 0 ? 'failed' : 'quiet');
    },
  };
  for (const manifest of source.manifest.services) {
    services.set(manifest.name, new ServiceProcess(manifest, serviceRun));
  }

  const watchdog = new HangWatchdog<ServiceProcess>({
    timeLimitMs,
    now,
    straggling: (service) => rounds.straggling(service),
    goOnWithout: () => rounds.pump(),
    say: (service, text) => system(service.manifest.name, text),
    stop: (service, text) => service.fail({ level: 'system', text }),
  });
  const heartbeat = setInterval(() => {
    if (done) return;
    const t = now();
    watchdog.beat(services.values(), t);
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
  }, watchdog.heartbeatMs);
  // On the run's clock, so a run of the same length covers the same events every time.
  if (options.durationMs !== undefined) {
    scheduler.schedule(() => finish('duration'), options.durationMs);
  }

  const finish = (reason: RunResult['reason']): void => {
    if (done) return;
    clearInterval(heartbeat);
    for (const service of services.values()) service.close();
    done = true;
    traceSubscription.unsubscribe();
    pacer.close();
    try {
      broker.close();
    } finally {
      scheduler.dispose();
      output$.complete();
      resolveFinished({ reason, failures: [...failures] });
    }
  };

  // Start once the caller has subscribed to output$ and trace$ (it does so as soon as this
  // returns).
  for (const service of services.values()) service.scheduleStart();

  const serviceNamed = (name: string): ServiceProcess => {
    const service = services.get(name);
    if (!service) throw new Error(`no service named "${name}" in this sandbox`);
    return service;
  };

  return {
    output$: output$.asObservable(),
    trace$: pacer.trace$,
    finished,
    stop: () => finish('stopped'),
    controls: {
      seed,
      pause: () => pacer.pause(),
      resume: () => pacer.resume(),
      step: () => pacer.step(),
      setSpeed: (speed) => scheduler.setSpeed(speed),
      setSkipIdle: (on) => {
        scheduler.skipIdle = on === true;
        scheduler.kick();
      },
      setFaults: (faults) => broker.setFaults(faults),
      crashService: (name) => serviceNamed(name).crash(),
      restartService: (name) => serviceNamed(name).restart(),
      restartBroker: () => {
        if (done) return;
        system('system', restartedBrokerText(broker.models, source.manifest.model));
        broker.restart();
      },
    },
  };
}
