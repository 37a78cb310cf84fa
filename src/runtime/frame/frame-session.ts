import { ReplaySubject, Subject } from 'rxjs';
import type { TraceEvent } from '../../broker/core/trace-event';
import type { OutputLine, RunOptions, RunResult, RunSession, SandboxSource } from '../contract';
import { relayDefaults } from './relay-budget';
import { aliveIntervalMs, type PageToRun } from './frame-protocol';
import { checkFrameMessage, checkRunMessage, type RunMessageContext } from './run-message-guard';
import type { SandboxFrameHandle } from './sandbox-frame-handle';

/** How long a frame may stay silent before the page calls it gone (it says "alive" every 0.5 s). */
export const frameSilenceLimitMs = 4_000;

/**
 * A run inside a sandbox frame, as the page sees it: the {@link RunSession} the sandbox island
 * already codes against, fed only by checked messages. The frame is removed when the run ends
 * (Stop, the run finishing, a malformed message, or the frame falling silent).
 */
export function startFrameSession(
  frame: SandboxFrameHandle,
  source: SandboxSource,
  options: RunOptions,
  /** The frame fell silent: its process is gone, and with it any spare that shared it. */
  onFrameLost: () => void = () => undefined,
): RunSession {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const context: RunMessageContext = {
    services: new Set(source.manifest.services.map((service) => service.name)),
    files: new Set(Object.keys(source.files)),
  };
  const startedAt = performance.now();
  const output$ = new ReplaySubject<OutputLine>();
  const trace$ = new Subject<TraceEvent>();
  const failures: OutputLine[] = [];
  let ended = false;
  let resolveFinished: (result: RunResult) => void = () => undefined;
  const finished = new Promise<RunResult>((resolve) => (resolveFinished = resolve));
  let lastHeard = performance.now();
  let lastSkipNote = Number.NEGATIVE_INFINITY;
  let skippedSinceNote = 0;

  const system = (level: 'system' | 'error', text: string): void => {
    const line: OutputLine = {
      service: 'system',
      level: level === 'error' ? 'error' : 'system',
      text,
      time: Math.round(performance.now() - startedAt),
    };
    output$.next(line);
    if (level === 'error') failures.push(line);
  };
  const end = (result: RunResult): void => {
    if (ended) return;
    ended = true;
    clearInterval(watch);
    frame.remove();
    trace$.complete();
    output$.complete();
    resolveFinished(result);
  };
  const fail = (text: string): void => {
    if (ended) return;
    system('error', text);
    end({ reason: 'failed', failures: [...failures] });
  };
  const send = (message: PageToRun): void => {
    if (!ended) frame.run.postMessage(message);
  };
  const noteSkipped = (skipped: number): void => {
    skippedSinceNote += skipped;
    const now = performance.now();
    if (skippedSinceNote === 0 || now - lastSkipNote < 1_000) return;
    lastSkipNote = now;
    const perSecond = (
      (relayDefaults.tracePerWindow * 1000) /
      relayDefaults.windowMs
    ).toLocaleString('en');
    system(
      'system',
      `The event flow left out ${skippedSinceNote.toLocaleString('en')} events: this run traced more than ${perSecond} a second, more than the page draws. The broker handled every one.`,
    );
    skippedSinceNote = 0;
  };

  frame.run.onmessage = (event: MessageEvent) => {
    lastHeard = performance.now();
    let message;
    try {
      message = checkRunMessage(event.data, context);
    } catch (error) {
      fail(
        `The sandbox sent the page a malformed message (${reason(error)}); the run was stopped.`,
      );
      return;
    }
    if (message.t === 'batch') {
      for (const line of message.output) {
        output$.next(line);
        if (line.location !== undefined || line.level === 'error') failures.push(line);
      }
      for (const traced of message.trace) trace$.next(traced);
      noteSkipped(message.skipped);
    } else {
      noteSkipped(0);
      end(message.result);
    }
  };
  frame.control.onmessage = (event: MessageEvent) => {
    lastHeard = performance.now();
    try {
      const message = checkFrameMessage(event.data);
      if (message.t === 'failed') fail(`The sandbox could not start: ${message.message}`);
    } catch (error) {
      fail(
        `The sandbox sent the page a malformed message (${reason(error)}); the run was stopped.`,
      );
    }
  };
  // A frame whose process crashed or ran out of memory says nothing at all: its silence is
  // the only sign. The run worker may be busy for long stretches; the frame's document is not.
  const watch = setInterval(() => {
    if (performance.now() - lastHeard > frameSilenceLimitMs) {
      onFrameLost();
      fail(
        `The sandbox stopped answering for ${frameSilenceLimitMs / 1000} s: its process ran out of memory or crashed, so the run was stopped. The page is unaffected; Run starts a fresh sandbox.`,
      );
    }
  }, aliveIntervalMs);

  send({ t: 'start', source, options: { ...options, seed } });

  return {
    output$: output$.asObservable(),
    trace$: trace$.asObservable(),
    finished,
    stop: () => end({ reason: 'stopped', failures: [...failures] }),
    controls: {
      seed,
      pause: () => send({ t: 'control', action: 'pause' }),
      resume: () => send({ t: 'control', action: 'resume' }),
      step: () => send({ t: 'control', action: 'step' }),
      setSpeed: (speed) => send({ t: 'control', action: 'setSpeed', speed }),
      setSkipIdle: (on) => send({ t: 'control', action: 'setSkipIdle', on }),
      setFaults: (faults) => send({ t: 'control', action: 'setFaults', faults: { ...faults } }),
      crashService: (service) => send({ t: 'control', action: 'crashService', service }),
      restartService: (service) => send({ t: 'control', action: 'restartService', service }),
      restartBroker: () => send({ t: 'control', action: 'restartBroker' }),
    },
  };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
