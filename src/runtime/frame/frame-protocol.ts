/**
 * What the page and a sandbox frame say to each other. The page holds two MessagePorts into
 * the frame: `control` answered by the frame's document (it is alive), and `run` answered by
 * the run worker inside it (the broker, the hosts of the services, and the relay). The page
 * never reads `window` messages: only these ports, and only after checking each message (see
 * run-message-guard.ts), because everything in the frame may be the reader's code.
 */
import type { FaultSettings } from '../../broker/core/fault-settings';
import type { TraceEvent } from '../../broker/core/trace-event';
import type { OutputLine, RunOptions, RunResult, SandboxSource } from '../contract';
import { maxLineLength } from '../host/line-cap';

/** The page's first message to a frame's document, with the two ports. */
export const connectMessage = 'eda-sandbox-connect';

/** Page → run worker. */
export type PageToRun =
  /** Compile ahead of a Run (idle time), so Run starts sooner. */
  | { readonly t: 'prepare'; readonly source: SandboxSource }
  /** Start the frame's one run; the page has chosen the seed. */
  | {
      readonly t: 'start';
      readonly source: SandboxSource;
      readonly options: RunOptions & { readonly seed: number };
    }
  | { readonly t: 'control'; readonly action: 'pause' | 'resume' | 'step' | 'restartBroker' }
  | { readonly t: 'control'; readonly action: 'setSpeed'; readonly speed: number }
  | { readonly t: 'control'; readonly action: 'setSkipIdle'; readonly on: boolean }
  | { readonly t: 'control'; readonly action: 'setFaults'; readonly faults: FaultSettings }
  | {
      readonly t: 'control';
      readonly action: 'crashService' | 'restartService';
      readonly service: string;
    };

/** Run worker → page: what happened since the last batch, in order. */
export type RunToPage =
  | {
      readonly t: 'batch';
      readonly output: readonly OutputLine[];
      readonly trace: readonly TraceEvent[];
      /** Trace events the relay left out since the last report (see relay-budget.ts). */
      readonly skipped: number;
    }
  | { readonly t: 'finished'; readonly result: RunResult };

/** Frame document → page, on the control port. */
export type FrameToPage =
  /** Sent every {@link aliveIntervalMs}: the frame's process is running. */
  | { readonly t: 'alive' }
  /** The run worker could not start (its script failed). */
  | { readonly t: 'failed'; readonly message: string };

/** How often a frame says it is alive. */
export const aliveIntervalMs = 500;

/** What one batch may hold at most; an honest relay never sends more (see relay-budget.ts). */
export const batchLimits = {
  output: 500,
  trace: 1_000,
  /** Characters of one console line: what the host already cuts a service's line to. */
  text: maxLineLength,
  /** Characters of a trace event's payload. */
  payload: 4_000,
  /** Characters of names: services, endpoints, message ids, reasons. */
  name: 500,
} as const;
