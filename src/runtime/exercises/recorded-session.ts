import { from } from 'rxjs';
import type { RunControls, RunSession } from '../contract';
import type { RunRecord } from './exercise-run';

/**
 * A finished run as a session, so the event flow can show one seed of a Check (the verdict's
 * "see event #57") with the same code that shows a live run. Its events replay at once and it
 * is already over: anything that would change it throws and says so.
 */
export function recordedSession(record: RunRecord): RunSession {
  const over = (): never => {
    throw new Error(`This is the record of seed ${record.seed} of a Check; it is already over.`);
  };
  const controls: RunControls = {
    seed: record.seed,
    pause: over,
    resume: over,
    step: over,
    setSpeed: over,
    setSkipIdle: over,
    setFaults: over,
    crashService: over,
    restartService: over,
    restartBroker: over,
  };
  return {
    output$: from(record.output),
    trace$: from(record.trace),
    controls,
    stop: () => undefined,
    finished: Promise.resolve(record.result),
  };
}
