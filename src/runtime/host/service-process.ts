import type { SchedulerLike, Subscription } from 'rxjs';
import { keyedDraw } from '../../broker/core/prng';
import type { OutputLevel, OutputLine, ServiceManifest } from '../contract';
import {
  validateGuestMessage,
  type ClientSurface,
  type GuestMessage,
  type RemoteSchema,
} from '../protocol';
import { CompileError, locateError, type CompiledService } from '../transpile';
import type { GuestTransport } from './guest-transport';
import type { WatchedService } from './hang-watchdog';
import { HostBridge } from './host-bridge';
import { toHostBuffer } from './host-buffer';
import { requiredModules } from './required-modules';
import type { RoundMember, Rounds } from './run-rounds';

/** waiting → starting (its thread has its code) → running (the thread said ready) → ended. */
export type ServiceStatus = RoundMember['status'];

/** What one service needs from its run. */
export interface ServiceRun {
  /** The run's clock: a service's start delay and its timers run on it. */
  readonly clock: SchedulerLike;
  readonly rounds: Pick<Rounds, 'post' | 'settled' | 'queue' | 'flushOutput' | 'pump'>;
  /** Real milliseconds, monotonic. */
  now(): number;
  /** The run time a console line carries. */
  time(): number;
  /** Its file, compiled once per run (run-programs.ts). */
  compile(file: string): CompiledService | CompileError;
  /** A fresh thread for it. */
  spawn(manifest: ServiceManifest): GuestTransport;
  /** The broker's client modules as this service sees them. */
  modulesFor(service: string): Readonly<Record<string, unknown>>;
  /** The client surfaces of the broker's models, sent to the thread in `start`. */
  readonly surfaces: readonly ClientSurface[];
  /** The RPC schema derived from them: what the host lets the thread call. */
  readonly schema: RemoteSchema;
  /** What its thread's `start` carries besides the code. */
  readonly outputLimit: number;
  readonly epochMs: number;
  readonly seed: number;
  /** A line it printed (the run's output cap decides whether it shows). */
  printed(line: OutputLine): void;
  /** Its thread stopped sending lines after `limit` of them. */
  printCapped(service: string, limit: number): void;
  /** A system line about it (always shown). */
  say(service: string, text: string): void;
  /** It failed: the line always shows and the run's result lists it. */
  failed(line: OutputLine): void;
  /** Its thread answered ping `n` (hang-watchdog.ts). */
  pong(service: ServiceProcess, n: number): void;
  /** It ended: the run may be over. */
  ended(service: ServiceProcess): void;
}

/** The abort reason when the whole run is over: its clients close with the broker instead. */
const runOver = 'the run is over';

/**
 * One service of a run, as a process: its code in a thread of its own (`run.spawn`), the
 * broker clients that thread made through its {@link HostBridge}, and its timers on the run's
 * clock. Each thread it gets has an AbortController: when the service ends (it crashed, threw,
 * exited, hung, was crashed or restarted) the abort stops its timers, terminates the thread,
 * drops its clients as a dead process's connections drop, and fails the calls the broker still
 * waits on; whatever that thread sends afterwards is ignored. A restart starts a new thread
 * (its `generation`, which also seeds its `Math.random`) from the same code.
 *
 * @example
 * const service = new ServiceProcess(manifest, run);
 * service.scheduleStart(); // at run time startDelayMs
 * service.crash();
 */
export class ServiceProcess implements RoundMember, WatchedService {
  status: ServiceStatus = 'waiting';
  transport?: GuestTransport;
  bridge?: HostBridge;
  sentSeq = 0;
  settledSeq = 0;
  readonly inbox: unknown[] = [];
  busySince?: number;
  readyAt?: number;
  pingN = 0;
  pingAt?: number;
  /** How many threads it has had (a restart is a new one). */
  generation = 0;
  /** Its timers on the run's clock, by its thread's ids. */
  private readonly timers = new Map<number, Subscription>();
  private startTimer?: Subscription;
  /** The current thread's life: aborted when it ends. */
  private life?: AbortController;
  /** One of its clients emitted 'error' with no listener (set while its thread runs). */
  private unhandledError?: (error: Error) => void;
  private closed = false;

  constructor(
    readonly manifest: ServiceManifest,
    private readonly run: ServiceRun,
  ) {}

  /** The current thread's signal, aborted once it ended; none before its first start. */
  get signal(): AbortSignal | undefined {
    return this.life?.signal;
  }

  /**
   * Starts it at run time `startDelayMs`, whatever the threads did. An undelayed service starts
   * in a microtask, not a timer: a timer would wait behind the frame the click's own DOM changes
   * cause, while the threads could already be working.
   */
  scheduleStart(): void {
    const delay = this.manifest.startDelayMs ?? 0;
    const launchIfWaiting = (): void => {
      delete this.startTimer;
      if (this.status === 'waiting' && this.generation === 0) this.launch();
    };
    if (delay > 0) this.startTimer = this.run.clock.schedule(launchIfWaiting, delay);
    else queueMicrotask(launchIfWaiting);
  }

  /** The Crash control: its process is gone, the others keep running. */
  crash(): void {
    if (this.closed || this.status === 'ended' || this.status === 'waiting') return;
    const { name } = this.manifest;
    this.run.say(name, `${name} was crashed: its process is gone and its connections dropped.`);
    this.end();
  }

  /** The Restart control: ends its thread if it has one, and starts a fresh one from its code. */
  restart(): void {
    if (this.closed) return;
    if (this.status !== 'ended' && this.status !== 'waiting') this.end();
    this.startTimer?.unsubscribe();
    delete this.startTimer;
    const { name } = this.manifest;
    this.run.say(name, `${name} restarted from its code.`);
    this.launch();
  }

  /** One of its clients emitted 'error' and nothing listened: as in Node, that ends it. */
  clientErrorUnhandled(error: Error): void {
    this.unhandledError?.(error);
  }

  /** It fails with `line` (shown after what it printed before), and ends. */
  fail(line: Omit<OutputLine, 'service' | 'time'>): void {
    const { level, text, location } = line;
    const failure: OutputLine = {
      service: this.manifest.name,
      level,
      text,
      time: this.run.time(),
      ...(location ? { location } : {}),
    };
    // What it printed before it ended comes first, as a process's output would.
    this.run.rounds.flushOutput(this);
    this.run.failed(failure);
    this.end();
  }

  /** Its process is gone: timers, thread, clients and pending calls (see the class). */
  end(): void {
    this.startTimer?.unsubscribe();
    this.run.rounds.flushOutput(this);
    this.life?.abort();
    delete this.unhandledError;
    delete this.transport;
    delete this.bridge;
    delete this.pingAt;
    this.status = 'ended';
    this.run.ended(this);
    this.run.rounds.pump();
  }

  /** The run is over: its thread ends and nothing more starts; the broker closes on its own. */
  close(): void {
    this.closed = true;
    this.startTimer?.unsubscribe();
    this.life?.abort(runOver);
  }

  /** Starts a thread with its code, or fails it with the code's syntax error. */
  private launch(): void {
    // Nothing starts once the run is over: not a start queued before, nor a Restart whose
    // ending ended the run's last service.
    if (this.closed) return;
    const { name, file } = this.manifest;
    const program = this.run.compile(file);
    if (program instanceof CompileError) {
      this.fail({
        level: 'error',
        text: `SyntaxError: ${program.message}`,
        location: program.location,
      });
      return;
    }
    this.status = 'starting';
    const generation = ++this.generation;
    const transport = this.run.spawn(this.manifest);
    const life = new AbortController();
    this.life = life;
    this.sentSeq = 0;
    this.settledSeq = 0;
    const bridge = this.connect(transport, program, life.signal);
    life.signal.addEventListener(
      'abort',
      () => {
        for (const timer of this.timers.values()) timer.unsubscribe();
        this.timers.clear();
        transport.terminate();
        // Its clients go down with it (before the bridge forgets them): the broker sees their
        // connections drop, and nothing of theirs reconnects or calls into the dead thread.
        if (life.signal.reason !== runOver) bridge.processCrashed();
        bridge.dispose();
      },
      { once: true },
    );
    this.transport = transport;
    this.bridge = bridge;
    // Sent now rather than on the thread's 'ready': the channel queues it until the thread
    // listens, and a pooled worker is already listening, so no round trip stands before the code.
    this.run.rounds.post(this, transport, {
      t: 'start',
      service: name,
      file,
      code: program.code,
      modules: bridge.describeModules(),
      surfaces: this.run.surfaces,
      outputLimit: this.run.outputLimit,
      epochMs: this.run.epochMs,
      randomSeed: serviceSeed(this.run.seed, name, generation),
    });
  }

  /** The bridge between this thread and the broker, and what the thread's messages do. */
  private connect(
    transport: GuestTransport,
    program: CompiledService,
    signal: AbortSignal,
  ): HostBridge {
    const { name } = this.manifest;
    const { run } = this;
    const { rounds } = run;
    const bridge = new HostBridge(
      run.schema,
      requiredModules(run.modulesFor(name), program.code),
      (message) => rounds.post(this, transport, message),
      {
        // The thread got 'start' already: this only says its script is loaded, so the hang
        // watchdog may begin (a fresh, unpooled worker can take a while to fetch its script).
        ready: () => {
          this.status = 'running';
          this.readyAt = run.now();
        },
        output: (level: OutputLevel, text: string) =>
          run.printed({ service: name, level, text, time: run.time() }),
        outputCapped: (limit) => run.printCapped(name, limit),
        uncaught: (error) => crashedOn(error),
        pong: (n) => run.pong(this, n),
        exit: (code) => exited(code),
        timer: (id, delay) => {
          this.timers.get(id)?.unsubscribe();
          this.timers.set(
            id,
            run.clock.schedule(() => {
              this.timers.delete(id);
              if (!signal.aborted) rounds.post(this, transport, { t: 'fire', id });
            }, delay),
          );
        },
        timerClear: (id) => {
          this.timers.get(id)?.unsubscribe();
          this.timers.delete(id);
        },
        settled: (seq) => rounds.settled(this, seq),
      },
      toHostBuffer,
    );
    // Uncaught in the thread, or an 'error' event of one of its clients nobody listened to:
    // either way its Node process would end here.
    const crashedOn = (error: { name: string; message: string; stack: string }): void => {
      if (signal.aborted) return;
      const located = locateError(error.stack, program);
      const firstLine = located.stack.split('\n')[0] ?? '';
      // Keep the stack's own first line when it has the message; add it otherwise.
      const text = firstLine.includes(error.message)
        ? located.stack
        : `${error.name}: ${error.message}\n${located.stack}`;
      this.fail({
        level: 'error',
        text: `Uncaught ${text.trimEnd()}`,
        ...(located.location ? { location: located.location } : {}),
      });
      run.say(
        name,
        `${name} crashed on an uncaught error and was stopped, as its process would be; the other services keep running.`,
      );
    };
    this.unhandledError = (error) =>
      crashedOn({
        name: error.name,
        message: error.message,
        stack:
          `${error.name}: ${error.message}\n` +
          "    (an 'error' event of its broker client that no listener handled, which ends a " +
          "Node process: listen with .on('error', …))",
      });
    const exited = (code: number | undefined, reason = `process.exit(${code})`): void => {
      if (signal.aborted) return;
      if (code === 0) {
        run.say(name, `${name} exited (code 0).`);
        this.end();
        return;
      }
      this.fail({ level: 'error', text: `${name} exited: ${reason}` });
    };
    // Liveness and round-keeping are handled at once; everything else waits for the round
    // (run-rounds.ts): while paused, that holds the thread's calls, lines and timers too.
    transport.onMessage((message: GuestMessage) => {
      if (signal.aborted) return;
      // Anything may arrive here (the guest is the reader's code); the bridge checks each
      // message in full and fails the service on a malformed one.
      const kind: unknown =
        typeof message === 'object' && message !== null
          ? (message as { t?: unknown }).t
          : undefined;
      if (kind === 'pong' || kind === 'settled' || kind === 'ready') {
        bridge.handle(message);
        return;
      }
      // A malformed message fails the service at once (the bridge says why), not at the round
      // a thread that never settles would never reach.
      if (!validateGuestMessage(message).ok) {
        // What it printed before is shown first: the bridge hears nothing after this.
        rounds.flushOutput(this);
        bridge.handle(message);
        return;
      }
      rounds.queue(this, message);
    });
    transport.onExit((reason, code) => exited(code, reason));
    return bridge;
  }
}

/** A seed for one service's `Math.random`, from the run's seed, its name and its restarts. */
function serviceSeed(seed: number, name: string, generation: number): number {
  return Math.floor(keyedDraw(seed, `random:${name}#${generation}`) * 2 ** 32);
}
