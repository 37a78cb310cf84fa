/**
 * Checks every message a sandbox frame sends the page before the page acts on it. The frame
 * runs the reader's code, so a message may be anything: the wrong shape, huge, or built to
 * pollute prototypes. A message is accepted whole, rebuilt from checked fields only, or
 * refused with the reason; the page then ends that run (see frame-session.ts).
 */
import {
  isModelName,
  traceKinds,
  type TraceEvent,
  type TraceKind,
} from '../../broker/core/trace-event';
import type { OutputLevel, OutputLine, RunResult } from '../contract';
import { batchLimits, type FrameToPage, type RunToPage } from './frame-protocol';

/** A message that failed its check. */
export class MalformedMessage extends Error {
  override readonly name = 'MalformedMessage';
}

/** What the page knows about a run, to check names against. */
export interface RunMessageContext {
  /** Service names of the sandbox; lines may also come from `system`. */
  readonly services: ReadonlySet<string>;
  /** File names of the sandbox, for error locations. */
  readonly files: ReadonlySet<string>;
}

const outputLevels = new Set<OutputLevel>(['log', 'info', 'warn', 'error', 'system']);
const kinds = new Set<string>(traceKinds);
const reasons = new Set<RunResult['reason']>(['stopped', 'quiet', 'duration', 'failed']);

/** Checks a message from the run worker. Throws {@link MalformedMessage} with the reason. */
export function checkRunMessage(data: unknown, context: RunMessageContext): RunToPage {
  const message = record(data, 'message');
  switch (message['t']) {
    case 'batch': {
      const output = list(message['output'], 'output', batchLimits.output);
      const trace = list(message['trace'], 'trace', batchLimits.trace);
      return {
        t: 'batch',
        output: output.map((line) => checkOutputLine(line, context)),
        trace: trace.map(checkTraceEvent),
        skipped: count(message['skipped'], 'skipped'),
      };
    }
    case 'finished': {
      const result = record(message['result'], 'result');
      const reason = result['reason'];
      if (typeof reason !== 'string' || !reasons.has(reason as RunResult['reason'])) {
        throw new MalformedMessage('a finished run has no known reason');
      }
      const failures = list(result['failures'], 'failures', batchLimits.output);
      return {
        t: 'finished',
        result: {
          reason: reason as RunResult['reason'],
          failures: failures.map((line) => checkOutputLine(line, context)),
        },
      };
    }
    default:
      throw new MalformedMessage('a message of no known type');
  }
}

/** Checks a message from the frame's document. Throws {@link MalformedMessage}. */
export function checkFrameMessage(data: unknown): FrameToPage {
  const message = record(data, 'message');
  if (message['t'] === 'alive') return { t: 'alive' };
  if (message['t'] === 'failed') {
    return { t: 'failed', message: text(message['message'], 'message', batchLimits.text) };
  }
  throw new MalformedMessage('a frame message of no known type');
}

/** One console line, rebuilt from its checked fields. */
export function checkOutputLine(data: unknown, context: RunMessageContext): OutputLine {
  const line = record(data, 'console line');
  const service = text(line['service'], 'service', batchLimits.name);
  if (service !== 'system' && !context.services.has(service)) {
    throw new MalformedMessage(`a console line from "${service}", which is not a service here`);
  }
  const level = line['level'];
  if (typeof level !== 'string' || !outputLevels.has(level as OutputLevel)) {
    throw new MalformedMessage('a console line of no known level');
  }
  const checked: { -readonly [K in keyof OutputLine]: OutputLine[K] } = {
    service,
    level: level as OutputLevel,
    text: text(line['text'], 'text', batchLimits.text),
    time: finite(line['time'], 'time'),
  };
  if (line['location'] !== undefined) {
    const location = record(line['location'], 'location');
    const file = text(location['file'], 'file', batchLimits.name);
    if (!context.files.has(file)) {
      throw new MalformedMessage(`an error location in "${file}", which is not a file here`);
    }
    checked.location = {
      file,
      line: count(location['line'], 'line'),
      column: count(location['column'], 'column'),
    };
  }
  return checked;
}

/** One trace event, rebuilt from its checked fields. */
export function checkTraceEvent(data: unknown): TraceEvent {
  const event = record(data, 'trace event');
  const kind = event['kind'];
  if (typeof kind !== 'string' || !kinds.has(kind)) {
    throw new MalformedMessage('a trace event of no known kind');
  }
  const model = event['model'];
  if (typeof model !== 'string' || !isModelName(model)) {
    throw new MalformedMessage('a trace event of no known broker model');
  }
  const checked: { -readonly [K in keyof TraceEvent]: TraceEvent[K] } = {
    seq: count(event['seq'], 'seq'),
    time: finite(event['time'], 'time'),
    kind: kind as TraceKind,
    model: model,
    from: text(event['from'], 'from', batchLimits.name),
    to: text(event['to'], 'to', batchLimits.name),
  };
  if (event['messageId'] !== undefined) {
    checked.messageId = text(event['messageId'], 'messageId', batchLimits.name);
  }
  if (event['reason'] !== undefined) {
    checked.reason = text(event['reason'], 'reason', batchLimits.name);
  }
  if (event['payload'] !== undefined) {
    checked.payload = text(event['payload'], 'payload', batchLimits.payload);
  }
  if (event['detail'] !== undefined) checked.detail = detailRecord(event['detail'], 0);
  return checked;
}

// Details are shown as text in the flow view: plain data only, a few levels deep, never a key
// that would reach a prototype when copied.
const detailDepth = 3;
const detailKeys = 50;

function detailRecord(data: unknown, depth: number): Record<string, unknown> {
  const source = record(data, 'detail');
  const keys = Object.keys(source);
  if (keys.length > detailKeys) throw new MalformedMessage('a trace detail with too many fields');
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === '__proto__' || key.length > batchLimits.name) {
      throw new MalformedMessage('a trace detail with a forbidden field name');
    }
    copy[key] = detailValue(source[key], depth + 1);
  }
  return copy;
}

function detailValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return finite(value, 'detail');
  if (typeof value === 'string') return text(value, 'detail', batchLimits.payload);
  if (depth > detailDepth) throw new MalformedMessage('a trace detail nested too deep');
  if (Array.isArray(value)) {
    return list(value, 'detail', detailKeys).map((item) => detailValue(item, depth + 1));
  }
  return detailRecord(value, depth);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedMessage(`${what} is not an object`);
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new MalformedMessage(`${what} is not a plain object`);
  }
  return value as Record<string, unknown>;
}

function list(value: unknown, what: string, max: number): readonly unknown[] {
  if (!Array.isArray(value)) throw new MalformedMessage(`${what} is not a list`);
  if (value.length > max) throw new MalformedMessage(`${what} has more than ${max} entries`);
  return value as readonly unknown[];
}

function text(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string') throw new MalformedMessage(`${what} is not text`);
  if (value.length > max) throw new MalformedMessage(`${what} is longer than ${max} characters`);
  return value;
}

function finite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MalformedMessage(`${what} is not a finite number`);
  }
  return value;
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new MalformedMessage(`${what} is not a whole number`);
  }
  return value;
}
