import { Subject, type Observable } from 'rxjs';
import type { RunClock } from '../../broker';
import type { TraceEvent } from '../../broker/core/trace-event';
import type { StepTurns } from './run-rounds';

/**
 * Most clock actions one Step runs while nothing shows: a silent timer that sets itself again
 * would otherwise keep a Step spinning for ever.
 */
export const stepActionLimit = 1_000;

/** What a {@link StepPacer} needs from its run. */
export interface StepPacerOptions {
  readonly clock: Pick<RunClock, 'paused' | 'pause' | 'resume' | 'stepOnce'>;
  /** How many console lines the run has shown so far (a Step that printed one is done). */
  readonly lines: () => number;
  /** Something changed: the rounds should go on, a task from now (run-rounds.ts's `pump`). */
  readonly pump: () => void;
}

/**
 * Pause, Step and Resume for one run, and the trace as the reader sees it. One broker action
 * can make several events at once (a fanout publish is routed to every bound queue in the same
 * instant, as on RabbitMQ): while paused they are held, and each Step shows the next one. With
 * none held, a Step lets the run take its rounds and clock actions, a service's timers included
 * (the rounds call {@link StepPacer.advance} whenever they are idle), until a trace event or a
 * console line shows.
 *
 * @example
 * const pacer = new StepPacer({ clock, lines: () => cap.shown, pump: () => rounds.pump() });
 * broker.trace$.subscribe((event) => pacer.event(event));
 * pacer.trace$.subscribe(draw);
 */
export class StepPacer implements StepTurns {
  private readonly shown = new Subject<TraceEvent>();
  /** The run's trace: every event once, in order, one per Step while paused. */
  readonly trace$: Observable<TraceEvent> = this.shown.asObservable();
  private readonly held: TraceEvent[] = [];
  private steppingNow = false;
  private actionsLeft = 0;
  private linesAtStep = 0;

  constructor(private readonly options: StepPacerOptions) {}

  /** A Step is going on: the rounds run although the clock is paused. */
  get stepping(): boolean {
    return this.steppingNow;
  }

  /** A broker event: shown now, or held while paused. */
  event(event: TraceEvent): void {
    if (this.options.clock.paused) this.held.push(event);
    else this.shown.next(event);
  }

  pause(): void {
    this.options.clock.pause();
  }

  /** While paused: shows the next held event, or runs the run on until one thing shows. */
  step(): void {
    if (!this.options.clock.paused) return;
    if (this.held.length > 0) {
      this.release(1);
      return;
    }
    this.steppingNow = true;
    this.actionsLeft = stepActionLimit;
    this.linesAtStep = this.options.lines();
    this.options.pump();
  }

  /** Ends any Step, shows every held event, and lets the clock run. */
  resume(): void {
    this.steppingNow = false;
    this.release(this.held.length);
    this.options.clock.resume();
    this.options.pump();
  }

  /**
   * The rounds are idle during a Step: if something showed, the Step is over; otherwise the
   * clock runs its next action. True while the Step goes on.
   */
  advance(): boolean {
    if (this.held.length > 0) {
      this.release(1);
      this.steppingNow = false;
      return false;
    }
    // A service's timer that printed something is a thing that happened, too.
    if (this.options.lines() > this.linesAtStep) {
      this.steppingNow = false;
      return false;
    }
    this.actionsLeft -= 1;
    if (this.actionsLeft < 0 || !this.options.clock.stepOnce()) {
      this.steppingNow = false;
      return false;
    }
    return true;
  }

  /** The run is over: every held event shows, then the trace completes. */
  close(): void {
    this.release(this.held.length);
    this.shown.complete();
  }

  private release(count: number): void {
    for (let i = 0; i < count && this.held.length > 0; i += 1) {
      this.shown.next(this.held.shift() as TraceEvent);
    }
  }
}
