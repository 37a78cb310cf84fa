import { ReplaySubject, Subject, type Subscription } from 'rxjs';
import type { TraceEvent } from '../../broker/core/trace-event';
import type {
  OutputLine,
  RunControls,
  RunOptions,
  RunResult,
  RunSession,
  SandboxRuntime,
  SandboxSource,
} from '../contract';
import { bootOnce } from './boot-once';
import { containerFiles, containerPaths } from './container-files';
import type { ContainerLike, ContainerProcess, RunnerFiles } from './container-types';

/** Options of {@link createWebContainerRuntime}. */
export interface WebContainerRuntimeOptions {
  /** Where runs go when the container cannot boot (the worker runtime). */
  readonly fallback: SandboxRuntime;
  /** Boots the container; default `WebContainer.boot()` from `@webcontainer/api`, loaded lazily. */
  readonly boot?: () => Promise<ContainerLike>;
  /** The bundled Node runner; default: fetched from `runnerBase`. */
  readonly loadRunner?: () => Promise<RunnerFiles>;
  /** URL of the folder holding cli.mjs and thread-entry.mjs (default `/node-runner/`). */
  readonly runnerBase?: string;
  /** How long boot may take before falling back (default 15 s). */
  readonly watchdogMs?: number;
}

// One boot per page, whichever runtime object asks: a second boot hangs.
let pageBoot: (() => Promise<ContainerLike>) | undefined;

/**
 * "Node mode": the sandbox runs in real Node inside a WebContainer, on the same simulator (the
 * Node runner, one worker_thread per service), talking JSON lines over the process's terminal.
 * If the container does not boot within the watchdog, or anything fails before the run starts,
 * the run goes to `fallback` with a system line saying why.
 */
export function createWebContainerRuntime(options: WebContainerRuntimeOptions): SandboxRuntime {
  const watchdogMs = options.watchdogMs ?? 15_000;
  const boot = options.boot
    ? bootOnce(options.boot, watchdogMs)
    : (pageBoot ??= bootOnce(bootRealContainer, watchdogMs));
  const runnerBase = options.runnerBase ?? '/node-runner/';
  let runner: Promise<RunnerFiles> | undefined;
  const loadRunner = (): Promise<RunnerFiles> =>
    (runner ??= (options.loadRunner ?? (() => fetchRunner(runnerBase)))());
  let mounted: Promise<void> = Promise.resolve();

  return {
    name: 'webcontainer',
    start(source, runOptions = {}) {
      const seed = runOptions.seed ?? Math.floor(Math.random() * 2 ** 31);
      const session = new ForwardingSession(seed);
      void (async () => {
        let container: ContainerLike;
        let files: RunnerFiles;
        let process: ContainerProcess;
        try {
          [container, files] = await Promise.all([boot(), loadRunner()]);
          // Runs share the one container: mount one after the other.
          mounted = mounted.then(() => container.mount(containerFiles(source, files)));
          await mounted;
          process = await container.spawn('node', runnerArgs(source, runOptions, seed));
        } catch (error) {
          if (session.ended) return;
          session.note(
            `Node mode is not available (${(error as Error).message}); running in the browser instead.`,
          );
          session.delegate(options.fallback.start(source, { ...runOptions, seed }));
          return;
        }
        session.attach(process);
      })();
      return session;
    },
  };
}

function runnerArgs(source: SandboxSource, options: RunOptions, seed: number): string[] {
  const args = [containerPaths.runner, source.manifest.id, '--dir', containerPaths.sandboxes];
  args.push('--json', '--controls', '--seed', String(seed));
  args.push('--quiet', String(options.quietMs ?? 24 * 3600 * 1000));
  if (options.durationMs !== undefined) args.push('--duration', String(options.durationMs));
  if (options.timeLimitMs !== undefined) args.push('--time-limit', String(options.timeLimitMs));
  return args;
}

async function bootRealContainer(): Promise<ContainerLike> {
  const { WebContainer } = await import('@webcontainer/api');
  const container = await WebContainer.boot();
  return {
    mount: (tree) => container.mount(tree),
    spawn: (command, args) => container.spawn(command, args),
  };
}

async function fetchRunner(base: string): Promise<RunnerFiles> {
  const get = async (name: string): Promise<string> => {
    const response = await fetch(`${base}${name}`);
    if (!response.ok) throw new Error(`${base}${name} answered ${response.status}`);
    return response.text();
  };
  const [cli, entry] = await Promise.all([get('cli.mjs'), get('thread-entry.mjs')]);
  return { 'cli.mjs': cli, 'thread-entry.mjs': entry };
}

type Command = { readonly control: string; readonly arg?: unknown };

/**
 * A RunSession returned at once, fed later either by the container's process (JSON lines) or
 * by the fallback runtime's session.
 */
class ForwardingSession implements RunSession {
  readonly output$ = new ReplaySubject<OutputLine>();
  readonly trace$ = new Subject<TraceEvent>();
  readonly finished: Promise<RunResult>;
  readonly controls: RunControls;
  ended = false;
  private resolve: (result: RunResult) => void = () => undefined;
  private send: (command: Command) => void;
  private queued: Command[] = [];
  private stopTarget: () => void = () => this.end({ reason: 'stopped', failures: [] });
  private readonly startedAt = Date.now();
  private subscriptions: Subscription[] = [];

  constructor(readonly seed: number) {
    this.finished = new Promise((resolve) => (this.resolve = resolve));
    this.send = (command) => this.queued.push(command);
    const control =
      (name: string) =>
      (arg?: unknown): void =>
        this.send(arg === undefined ? { control: name } : { control: name, arg });
    this.controls = {
      seed,
      pause: control('pause'),
      resume: control('resume'),
      step: control('step'),
      setSpeed: control('setSpeed'),
      setSkipIdle: control('setSkipIdle'),
      setFaults: control('setFaults'),
      crashService: control('crashService'),
      restartService: control('restartService'),
      restartBroker: control('restartBroker'),
    };
  }

  stop(): void {
    this.stopTarget();
  }

  note(text: string): void {
    this.output$.next({
      service: 'system',
      level: 'system',
      text,
      time: Date.now() - this.startedAt,
    });
  }

  /** Feeds this session from the fallback runtime's session. */
  delegate(inner: RunSession): void {
    this.subscriptions.push(
      inner.output$.subscribe((line) => this.output$.next(line)),
      inner.trace$.subscribe((event) => this.trace$.next(event)),
    );
    this.send = (command) => {
      const fn = (inner.controls as unknown as Record<string, (arg?: unknown) => void>)[
        command.control
      ];
      fn?.(command.arg);
    };
    for (const command of this.queued.splice(0)) this.send(command);
    this.stopTarget = () => inner.stop();
    void inner.finished.then((result) => this.end(result));
  }

  /** Feeds this session from the runner process in the container. */
  attach(process: ContainerProcess): void {
    const writer = process.input.getWriter();
    this.send = (command) => void writer.write(`${JSON.stringify(command)}\n`);
    for (const command of this.queued.splice(0)) this.send(command);
    this.stopTarget = () => {
      process.kill();
      this.end({ reason: 'stopped', failures: [] });
    };
    let buffer = '';
    const reader = process.output.getReader();
    const pump = async (): Promise<void> => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || this.ended) return;
        buffer += value;
        const lines = buffer.split(/\r?\n/);
        buffer = lines.pop() ?? '';
        for (const line of lines) this.receive(line);
      }
    };
    void pump();
    void process.exit.then((code) => {
      if (this.ended) return;
      this.note(`The Node process exited with code ${code} before the run ended.`);
      this.end({ reason: 'failed', failures: [] });
    });
  }

  private receive(text: string): void {
    // The terminal also echoes our own commands and may add colour codes: take JSON only.
    const start = text.indexOf('{"type":');
    if (start < 0) return;
    let message: { type: string; line?: OutputLine; event?: TraceEvent; result?: RunResult };
    try {
      message = JSON.parse(text.slice(start)) as typeof message;
    } catch {
      return;
    }
    if (message.type === 'output' && message.line) this.output$.next(message.line);
    else if (message.type === 'trace' && message.event) this.trace$.next(message.event);
    else if (message.type === 'end' && message.result) this.end(message.result);
  }

  private end(result: RunResult): void {
    if (this.ended) return;
    this.ended = true;
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.output$.complete();
    this.trace$.complete();
    this.resolve(result);
  }
}
