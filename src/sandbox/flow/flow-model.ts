import type { TraceEvent } from '../../broker/core/trace-event';
import { FlowCounters } from './flow-counters';
import { FlowGraph } from './flow-graph';

/** The figure's state: graph and counters, folded from trace events in order. */
export class FlowModel {
  readonly graph = new FlowGraph();
  readonly counters = new FlowCounters();
  /** How many events were folded in. */
  applied = 0;

  /** Folds one event; returns the node path it travelled (for the animation). */
  apply(event: TraceEvent): string[] {
    this.applied++;
    this.counters.apply(event);
    return this.graph.apply(event);
  }
}

/**
 * The figure's state after the first `count` events of a recorded trace: what the replay
 * scrubber shows at one point of the timeline.
 *
 * @example
 * const atHalf = flowStateAt(events, events.length / 2);
 * atHalf.counters.of('queue:billing').ready;
 */
export function flowStateAt(events: readonly TraceEvent[], count: number): FlowModel {
  const model = new FlowModel();
  const end = Math.max(0, Math.min(count, events.length));
  for (let i = 0; i < end; i++) model.apply(events[i] as TraceEvent);
  return model;
}

/**
 * How long replay waits before showing event `index`, from the recorded scheduler times,
 * scaled by speed and capped so quiet stretches do not stall the replay.
 */
export function replayDelay(events: readonly TraceEvent[], index: number, speed: number): number {
  const current = events[index];
  const previous = events[index - 1];
  if (!current || !previous) return 0;
  const gap = Math.max(0, current.time - previous.time) / Math.max(0.05, speed);
  return Math.min(gap, 1000);
}
