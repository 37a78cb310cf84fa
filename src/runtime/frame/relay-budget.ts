/**
 * Carries a run's console lines and trace events from the run worker to the page in batches,
 * within a budget, so no run can flood the page: a service publishing a million messages in a
 * loop makes a million trace events, which the broker handles but no page could draw. The
 * relay sends at most `tracePerWindow` events per `windowMs` and counts the rest, which the
 * page reports in the console. Console lines are already capped per run by startRun; here each
 * line and payload is cut to what the page accepts (see frame-protocol.ts's batchLimits).
 */
import type { TraceEvent } from '../../broker/core/trace-event';
import type { OutputLine } from '../contract';
import { nextTask } from '../../broker/core/next-task';
import { capLine } from '../host/line-cap';
import { batchLimits, type RunToPage } from './frame-protocol';

/** Options of {@link createRelay}. */
export interface RelayOptions {
  readonly post: (message: Extract<RunToPage, { t: 'batch' }>) => void;
  /** Milliseconds, monotonic. */
  readonly now: () => number;
  /** Runs `flush` soon, once (default: the next task). */
  readonly schedule?: (flush: () => void) => void;
  readonly windowMs?: number;
  readonly tracePerWindow?: number;
}

/** The run worker's side of the output and trace streams. */
export interface Relay {
  output(line: OutputLine): void;
  trace(event: TraceEvent): void;
  /** Sends whatever is waiting now (before `finished`). */
  flush(): void;
}

/** Default budget: 5,000 trace events a second reach the page, in windows of 100 ms. */
export const relayDefaults = { windowMs: 100, tracePerWindow: 500 } as const;

/**
 * @example
 * const relay = createRelay({ post: (m) => port.postMessage(m), now: () => performance.now() });
 * session.trace$.subscribe((event) => relay.trace(event));
 */
export function createRelay(options: RelayOptions): Relay {
  const windowMs = options.windowMs ?? relayDefaults.windowMs;
  const tracePerWindow = Math.min(
    options.tracePerWindow ?? relayDefaults.tracePerWindow,
    batchLimits.trace,
  );
  const schedule = options.schedule ?? nextTask;
  let output: OutputLine[] = [];
  let trace: TraceEvent[] = [];
  let skipped = 0;
  let windowStart = Number.NEGATIVE_INFINITY;
  let sentInWindow = 0;
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    if (output.length === 0 && trace.length === 0 && skipped === 0) return;
    options.post({ t: 'batch', output, trace, skipped });
    output = [];
    trace = [];
    skipped = 0;
  };
  const queued = (): void => {
    if (output.length >= batchLimits.output || trace.length >= batchLimits.trace) flush();
    else if (!scheduled) {
      scheduled = true;
      schedule(flush);
    }
  };

  return {
    output(line) {
      output.push(
        line.text.length > batchLimits.text
          ? { ...line, text: capLine(line.text, batchLimits.text) }
          : line,
      );
      queued();
    },
    trace(event) {
      const t = options.now();
      if (t - windowStart >= windowMs) {
        windowStart = t;
        sentInWindow = 0;
      }
      if (sentInWindow >= tracePerWindow) {
        skipped += 1;
        if (!scheduled) {
          scheduled = true;
          schedule(flush);
        }
        return;
      }
      sentInWindow += 1;
      trace.push(fitTraceEvent(event));
      queued();
    },
    flush,
  };
}

function fitTraceEvent(event: TraceEvent): TraceEvent {
  const long = (value: string | undefined, max: number): boolean =>
    value !== undefined && value.length > max;
  if (
    !long(event.payload, batchLimits.payload) &&
    !long(event.from, batchLimits.name) &&
    !long(event.to, batchLimits.name) &&
    !long(event.messageId, batchLimits.name) &&
    !long(event.reason, batchLimits.name) &&
    event.detail === undefined
  ) {
    return event;
  }
  // capLine leaves what fits as it is.
  const fitted: { -readonly [K in keyof TraceEvent]: TraceEvent[K] } = {
    ...event,
    from: capLine(event.from, batchLimits.name),
    to: capLine(event.to, batchLimits.name),
  };
  if (event.messageId !== undefined) fitted.messageId = capLine(event.messageId, batchLimits.name);
  if (event.reason !== undefined) fitted.reason = capLine(event.reason, batchLimits.name);
  if (event.payload !== undefined) fitted.payload = capLine(event.payload, batchLimits.payload);
  if (event.detail !== undefined) fitted.detail = plainDetail(event.detail);
  return fitted;
}

// The page accepts plain data a few levels deep in details (run-message-guard.ts); the broker
// may put anything there (a Buffer header, say), so details cross as their JSON text's data.
function plainDetail(detail: Readonly<Record<string, unknown>>): Record<string, unknown> {
  try {
    const json = JSON.stringify(detail, (_key, value: unknown) =>
      typeof value === 'string' && value.length > batchLimits.payload
        ? capLine(value, batchLimits.payload)
        : value,
    );
    return flatten(JSON.parse(json) as Record<string, unknown>, 0);
  } catch {
    return { detail: 'not shown: not plain data' };
  }
}

function flatten(value: Record<string, unknown>, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value).slice(0, 50)) {
    if (key === '__proto__' || key.length > batchLimits.name) continue;
    if (typeof item === 'object' && item !== null) {
      result[key] =
        depth >= 2
          ? JSON.stringify(item).slice(0, batchLimits.payload)
          : Array.isArray(item)
            ? item
                .slice(0, 50)
                .map((entry: unknown) =>
                  typeof entry === 'object' && entry !== null
                    ? JSON.stringify(entry).slice(0, batchLimits.payload)
                    : entry,
                )
            : flatten(item as Record<string, unknown>, depth + 1);
    } else {
      result[key] = item;
    }
  }
  return result;
}
