/**
 * The one interface every runtime (worker, node, webcontainer) implements and the sandbox
 * island consumes. Kept in its own file so the UI and the runtimes can be built apart.
 */
import type { Observable } from 'rxjs';
import type { TraceEvent } from '../broker/core/trace-event';
import type { FaultSettings } from '../broker/core/fault-settings';

/**
 * Which simulated broker model a sandbox runs against: a model's name from
 * `src/broker/models.ts` (`redis`, `amqp`, `kafka`…), or `none`.
 */
export type SandboxModel = string;

/** One service of a sandbox: a process with one entry file. */
export interface ServiceManifest {
  /** Short name shown on every output line, e.g. `email`. */
  readonly name: string;
  /** File inside the sandbox folder, e.g. `email-service.ts`. */
  readonly file: string;
  /** Start this long after Run (ms, real time), so subscribers can be ready first. */
  readonly startDelayMs?: number;
}

/** `sandboxes/<id>/sandbox.json`, validated. */
export interface SandboxManifest {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly model: SandboxModel;
  readonly services: readonly ServiceManifest[];
  /** Files shown first, in tab order; defaults to every service file. */
  readonly open: readonly string[];
  /** Whether "Skip idle time" starts switched on (a sandbox of long back-offs or timeouts). */
  readonly skipIdle?: boolean;
}

/** A sandbox as a runtime receives it: the manifest plus the (possibly edited) file texts. */
export interface SandboxSource {
  readonly manifest: SandboxManifest;
  /** File name → TypeScript source. */
  readonly files: Readonly<Record<string, string>>;
}

export type OutputLevel = 'log' | 'info' | 'warn' | 'error' | 'system';

/** A line of the run's console, tagged with the service that printed it. */
export interface OutputLine {
  readonly service: string;
  readonly level: OutputLevel;
  readonly text: string;
  /** Milliseconds since Run. */
  readonly time: number;
  /** Where an uncaught error was thrown, in the reader's own source (after source mapping). */
  readonly location?: { readonly file: string; readonly line: number; readonly column: number };
}

export interface RunOptions {
  readonly seed?: number;
  /** A service still busy (not yielding) after this long is terminated alone. */
  readonly timeLimitMs?: number;
  readonly faults?: FaultSettings;
  /** Start at this speed (default 1). */
  readonly speed?: number;
  /** End the run (reason `quiet`) once nothing was traced or printed for this long (ms). */
  readonly quietMs?: number;
  /** End the run (reason `duration`) when the run's clock reaches this (ms of run time). */
  readonly durationMs?: number;
  /** Most console lines a run shows (default 2,000); a system line says when it is reached. */
  readonly outputLimit?: number;
  /**
   * Skip idle time: no wait between two things that happen is longer than a tenth of a second
   * of real time, so long back-offs and timeouts play in a moment (times shown stay the run's).
   */
  readonly skipIdle?: boolean;
  /**
   * What run time 0 is for `Date` in the services: a fixed instant (default, so runs compare
   * line by line) or the wall clock at Run.
   */
  readonly clockStart?: 'fixed' | 'wall';
}

/** How a run ended. */
export interface RunResult {
  readonly reason: 'stopped' | 'quiet' | 'duration' | 'failed';
  /** Services that threw, with where. */
  readonly failures: readonly OutputLine[];
}

/** What the reader can do to a run while it goes: time and faults (see src/broker). */
export interface RunControls {
  /** The seed every random choice of this run came from. */
  readonly seed: number;
  pause(): void;
  resume(): void;
  /**
   * While paused: let the run go on to the next thing that happens (a trace event, shown one at
   * a time, or a console line a service's timer printed).
   */
  step(): void;
  /** 0.25 to 4; 1 is real time. */
  setSpeed(speed: number): void;
  /** Skip idle time (see RunOptions.skipIdle) from now on, or stop skipping it. */
  setSkipIdle(on: boolean): void;
  setFaults(faults: FaultSettings): void;
  /** Kill one service abruptly, as a process crash (its unacked work behaves as on the real broker). */
  crashService(service: string): void;
  /** Start a crashed or finished service again from its code. */
  restartService(service: string): void;
  /** Restart the broker: non-durable state lost, durable queues and Kafka logs kept. */
  restartBroker(): void;
}

/** A run in progress. */
export interface RunSession {
  readonly output$: Observable<OutputLine>;
  readonly trace$: Observable<TraceEvent>;
  readonly controls: RunControls;
  /** Ends the run at once: every service is terminated. */
  stop(): void;
  readonly finished: Promise<RunResult>;
}

/** A way to run a sandbox: Web Workers in the browser, worker_threads in Node, WebContainer. */
export interface SandboxRuntime {
  readonly name: 'worker' | 'node' | 'webcontainer';
  start(source: SandboxSource, options?: RunOptions): RunSession;
  /** Does ahead of a Run what it can (compiling the services), so Run starts sooner. */
  prepare?(source: SandboxSource): void;
}
