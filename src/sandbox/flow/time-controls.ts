import { formatCount, h, s, setText, uid } from './dom';

/**
 * Speeds the Speed slider offers, slowest first (1 is real time). The last, infinity, is "as
 * fast as possible": run time never waits for the wall clock (src/broker/core/run-clock.ts's
 * `asFastAsPossible`), for floods and load tests.
 */
export const speedSteps: readonly number[] = [
  0.25,
  0.5,
  0.75,
  1,
  1.5,
  2,
  3,
  4,
  Number.POSITIVE_INFINITY,
];

/** What the time controls are doing right now. */
export type TimeMode = 'idle' | 'running' | 'paused' | 'ended' | 'replaying';

/** What the time controls ask of the panel. */
export interface TimeControlsCallbacks {
  pause(): void;
  resume(): void;
  step(): void;
  speed(speed: number): void;
  /** "Skip idle time" was switched. */
  skipIdle(on: boolean): void;
  /** "Run this seed again": the same code, seed and faults, so the same run. */
  rerun(): void;
  /** Show the figure and log as they were after the first `count` events. */
  scrub(count: number): void;
  replay(): void;
  stopReplay(): void;
}

function icon(d: string): SVGSVGElement {
  return s('svg', { class: 'icon', viewBox: '0 0 16 16', 'aria-hidden': 'true' }, s('path', { d }));
}

/** Formats a speed for the slider's output and value text. */
export function formatSpeed(speed: number): string {
  return speed === Number.POSITIVE_INFINITY ? 'as fast as possible' : `${speed}×`;
}

/**
 * Pause / Resume / Step / Speed while a run goes; Timeline and Replay once it ended.
 */
export class TimeControls {
  readonly element: HTMLElement;
  private readonly pauseButton: HTMLButtonElement;
  private readonly resumeButton: HTMLButtonElement;
  private readonly stepButton: HTMLButtonElement;
  private readonly speedInput: HTMLInputElement;
  private readonly speedOut: HTMLOutputElement;
  private readonly skipIdleInput: HTMLInputElement;
  private readonly timeline: HTMLInputElement;
  private readonly timelineOut: HTMLOutputElement;
  private readonly replayButton: HTMLButtonElement;
  private readonly rerunButton: HTMLButtonElement;
  private readonly state: HTMLElement;
  private readonly skipIdleLabel: HTMLLabelElement;
  private mode: TimeMode = 'idle';

  constructor(callbacks: TimeControlsCallbacks) {
    this.pauseButton = h('button', { type: 'button' }, icon('M4 3h3v10H4zM9 3h3v10H9z'), 'Pause');
    this.resumeButton = h('button', { type: 'button' }, icon('M4 3l9 5-9 5z'), 'Resume');
    this.stepButton = h('button', { type: 'button' }, icon('M3 3l7 5-7 5zM11 3h2v10h-2z'), 'Step');
    this.pauseButton.addEventListener('click', () => callbacks.pause());
    this.resumeButton.addEventListener('click', () => callbacks.resume());
    this.stepButton.addEventListener('click', () => callbacks.step());

    const speedId = uid('flow-speed');
    this.speedInput = h('input', {
      id: speedId,
      type: 'range',
      min: 0,
      max: speedSteps.length - 1,
      step: 1,
      value: speedSteps.indexOf(1),
    });
    this.speedOut = h('output', { for: speedId }, formatSpeed(1));
    this.speedInput.setAttribute('aria-valuetext', formatSpeed(1));
    this.speedInput.addEventListener('input', () => {
      const speed = this.speed;
      setText(this.speedOut, formatSpeed(speed));
      this.speedInput.setAttribute('aria-valuetext', formatSpeed(speed));
      callbacks.speed(speed);
    });

    const skipIdleId = uid('flow-skip-idle');
    this.skipIdleInput = h('input', { id: skipIdleId, type: 'checkbox' });
    this.skipIdleInput.addEventListener('change', () =>
      callbacks.skipIdle(this.skipIdleInput.checked),
    );
    this.skipIdleLabel = h('label', { for: skipIdleId, class: 'check' }, 'Skip idle time');

    const timelineId = uid('flow-timeline');
    this.timeline = h('input', {
      id: timelineId,
      type: 'range',
      min: 0,
      max: 0,
      step: 1,
      value: 0,
    });
    this.timelineOut = h('output', { for: timelineId }, '–');
    this.timeline.addEventListener('input', () => {
      this.updateTimelineText();
      callbacks.scrub(Number(this.timeline.value));
    });
    this.replayButton = h(
      'button',
      { type: 'button', class: 'primary' },
      icon('M8 2a6 6 0 1 1-5.7 4.1l1.9.6A4 4 0 1 0 8 4v2L4.5 3 8 0z'),
      'Replay',
    );
    this.replayButton.addEventListener('click', () => {
      if (this.mode === 'replaying') callbacks.stopReplay();
      else callbacks.replay();
    });
    this.rerunButton = h(
      'button',
      { type: 'button', title: 'The same code, seed and faults give the same run' },
      'Run this seed again',
    );
    this.rerunButton.addEventListener('click', () => callbacks.rerun());
    this.state = h('span', { class: 'state' });

    this.element = h(
      'div',
      { class: 'bar' },
      h('h2', { class: 'title' }, 'Event flow'),
      h(
        'div',
        { class: 'group', role: 'group', 'aria-label': 'Run controls' },
        this.pauseButton,
        this.resumeButton,
        this.stepButton,
        h('label', { for: speedId }, 'Speed'),
        this.speedInput,
        this.speedOut,
        this.skipIdleInput,
        this.skipIdleLabel,
      ),
      h(
        'div',
        { class: 'group', role: 'group', 'aria-label': 'Replay controls' },
        h('label', { for: timelineId }, 'Timeline'),
        this.timeline,
        this.timelineOut,
        this.replayButton,
        this.rerunButton,
      ),
      h('span', { class: 'spacer' }),
      this.state,
    );
    this.setMode('idle');
  }

  /** Whether "Skip idle time" is on: stretches with nothing to do play in a moment. */
  get skipIdle(): boolean {
    return this.skipIdleInput.checked;
  }

  set skipIdle(on: boolean) {
    this.skipIdleInput.checked = on;
  }

  /** The speed the slider shows. */
  get speed(): number {
    return speedSteps[Number(this.speedInput.value)] ?? 1;
  }

  /** Enables what makes sense in this mode. */
  setMode(mode: TimeMode): void {
    this.mode = mode;
    const live = mode === 'running' || mode === 'paused';
    this.pauseButton.disabled = mode !== 'running';
    this.resumeButton.disabled = mode !== 'paused';
    this.stepButton.disabled = mode !== 'paused';
    this.speedInput.disabled = mode === 'idle';
    const recorded = mode === 'ended' || mode === 'replaying';
    this.timeline.disabled = !recorded || Number(this.timeline.max) === 0;
    this.replayButton.disabled = !recorded || Number(this.timeline.max) === 0;
    setText(this.replayButton.lastChild as Node, mode === 'replaying' ? 'Stop replay' : 'Replay');
    this.rerunButton.disabled = mode !== 'ended';
    const words: Record<TimeMode, string> = {
      idle: 'Not running',
      running: 'Running',
      paused: 'Paused',
      ended: 'Run ended: scrub the timeline or replay it',
      replaying: 'Replaying the recorded trace',
    };
    setText(this.state, words[mode]);
    if (live) this.setTimeline(0, 0);
  }

  /** The current mode. */
  get currentMode(): TimeMode {
    return this.mode;
  }

  /** Moves the timeline (value = events shown, max = events recorded). */
  setTimeline(value: number, max: number): void {
    this.timeline.max = String(max);
    this.timeline.value = String(value);
    this.updateTimelineText();
  }

  private updateTimelineText(): void {
    const max = Number(this.timeline.max);
    const value = Number(this.timeline.value);
    const text = max === 0 ? '–' : `${formatCount(value)} / ${formatCount(max)}`;
    setText(this.timelineOut, text);
    this.timeline.setAttribute(
      'aria-valuetext',
      max === 0 ? 'no recorded events' : `${formatCount(value)} of ${formatCount(max)} events`,
    );
  }
}
