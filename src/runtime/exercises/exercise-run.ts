import type { TraceEvent, TraceKind } from '../../broker/core/trace-event';
import type { OutputLine, RunResult } from '../contract';
import type { CheckOutcome, ExerciseRun } from './check-api';

/** What one run leaves behind, as recorded by {@link recordRun} or read from a JSON log. */
export interface RunRecord {
  readonly seed: number;
  readonly output: readonly OutputLine[];
  readonly trace: readonly TraceEvent[];
  readonly result: RunResult;
}

/** The words a service logs before a reported value: `console.log('report', 'balance', 120)`. */
const reportWord = 'report ';

/** Wraps a recorded run in the helpers a check reads it with (see check-api.ts). */
export function exerciseRun(record: RunRecord): ExerciseRun {
  const { seed, output, trace, result } = record;
  return {
    seed,
    output,
    trace,
    result,
    lines: (service) =>
      service === undefined ? output : output.filter((line) => line.service === service),
    events: (...kinds: TraceKind[]) => trace.filter((event) => kinds.includes(event.kind)),
    reports: (service, name) =>
      output
        .filter((line) => line.service === service && line.text.startsWith(reportWord))
        .map((line) => line.text.slice(reportWord.length))
        .filter((rest) => rest.startsWith(`${name} `))
        .map((rest) => parseValue(rest.slice(name.length + 1))),
    eventBefore: (line, filter = () => true) => {
      let found: TraceEvent | undefined;
      for (const event of trace) {
        if (event.time > line.time) break;
        if (filter(event)) found = event;
      }
      return found;
    },
    pass: (): CheckOutcome => ({ passed: true }),
    fail: (message, event): CheckOutcome => {
      const seq = typeof event === 'number' ? event : event?.seq;
      return seq === undefined
        ? { passed: false, message }
        : { passed: false, message, event: seq };
    },
  };
}

/** A reported value: JSON where it parses (numbers, objects), else the text itself. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
