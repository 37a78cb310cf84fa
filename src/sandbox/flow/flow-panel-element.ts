import type { Subscription } from 'rxjs';
import type { FaultSettings } from '../../broker/core/fault-settings';
import type { TraceEvent } from '../../broker/core/trace-event';
import type { RunSession } from '../../runtime/contract';
import { DetailsPane } from './details-pane';
import { h, setText } from './dom';
import { EventLog } from './event-log';
import { FaultPanel } from './fault-panel';
import {
  loadFaultPreferences,
  browserStorage,
  saveFaultPreferences,
  withFaultSettings,
  toFaultSettings,
  type FaultPreferences,
} from './fault-preferences';
import { FlowFigure } from './flow-figure';
import { flowStateAt, FlowModel, replayDelay } from './flow-model';
import { flowStyles } from './flow-styles';
import { TimeControls, type TimeMode } from './time-controls';
import { TraceStore } from './trace-store';

/** What the sandbox island passes to `runtime.start` on the next Run (see README). */
export interface FlowRunOptions {
  readonly seed: number;
  readonly faults: FaultSettings;
  readonly skipIdle: boolean;
}

/** Events folded per frame at most, so a burst never blocks the main thread for long. */
const eventsPerFrame = 4000;
/** More events than this since the last repaint of text and rows counts as a flood… */
const floodEvents = 40;
/** …and then text and rows repaint at most this often. */
const floodIntervalMs = 100;

// Node has no HTMLElement; the class is only ever instantiated in the browser.
const ElementBase = globalThis.HTMLElement ?? class {};

/**
 * `<eda-flow-panel>`: the event-flow figure, the event log with its details pane, the time
 * controls and the fault switches of one sandbox. It reads nothing but `session.trace$`.
 *
 * @example
 * const panel = document.querySelector('eda-flow-panel');
 * const session = runtime.start(source, { ...panel.runOptions });
 * panel.session = session; // and `null` on reset
 */
export class EdaFlowPanelElement extends ElementBase {
  static readonly observedAttributes = ['sandbox'];
  #built = false;
  #panel!: HTMLElement;
  #figure!: FlowFigure;
  #log!: EventLog;
  #details!: DetailsPane;
  #time!: TimeControls;
  #faults!: FaultPanel;
  #figureToggle!: HTMLButtonElement;
  readonly #store = new TraceStore();
  #live = new FlowModel();
  /** What the figure shows: the live model, or a replay model rebuilt up to the cursor. */
  #shown = this.#live;
  #pending: TraceEvent[] = [];
  #unpainted = 0;
  /** Something besides new live events needs drawing (selection, replay, a new session). */
  #dirty = true;
  #lastSlow = 0;
  #frame = 0;
  #session: RunSession | null = null;
  #subscription: Subscription | undefined;
  #mode: TimeMode = 'idle';
  #cursor = 0;
  #replayTimer: ReturnType<typeof setTimeout> | undefined;
  #selected: number | undefined;
  #selectedHops = 0;
  #prefs: FaultPreferences | undefined;
  #services: readonly string[] | undefined;
  #skipIdle: boolean | undefined;
  #reducedMotion: MediaQueryList | undefined;

  connectedCallback(): void {
    if (this.#built) {
      // Moved or re-inserted: frames were cancelled on removal, so ask for one.
      this.#invalidate();
      return;
    }
    this.#built = true;
    this.#build();
  }

  disconnectedCallback(): void {
    // Moving the element keeps its run; a real removal ends the frames and timers.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.#stopReplay();
      cancelAnimationFrame(this.#frame);
      this.#frame = 0;
    });
  }

  attributeChangedCallback(): void {
    this.#prefs = undefined;
    if (this.#built) this.#faults.setPreferences(this.#preferences());
  }

  /** Which sandbox the stored seed and faults belong to (`sandbox` attribute). */
  get sandboxId(): string {
    return this.getAttribute('sandbox') ?? (globalThis.location?.pathname || 'default');
  }

  set sandboxId(id: string) {
    this.setAttribute('sandbox', id);
  }

  /** The seed the next Run uses (the Seed field). */
  get seed(): number {
    return this.#preferences().seed;
  }

  /** Sets the seed for the next Run (a share link's), remembered like one the reader typed. */
  set seed(seed: number) {
    this.#keep({ ...this.#preferences(), seed });
    if (this.#built) this.#faults.setPreferences(this.#preferences());
  }

  /** Sets the faults for the next Run (a share link's), remembered like ones the reader chose. */
  set faults(faults: FaultSettings) {
    this.#keep(withFaultSettings(this.#preferences(), faults));
    if (this.#built) this.#faults.setPreferences(this.#preferences());
  }

  /** Keeps `prefs` for the next Run and in storage; the sandbox's state line shows them. */
  #keep(prefs: FaultPreferences): void {
    this.#prefs = prefs;
    saveFaultPreferences(browserStorage(), this.sandboxId, prefs);
    this.dispatchEvent(new CustomEvent('eda-faults-change', { bubbles: true }));
  }

  /**
   * Whether the next Run skips idle time (the "Skip idle time" switch); starts as the sandbox
   * says (its `skip-idle` attribute, from sandbox.json's `skipIdle`).
   */
  get skipIdle(): boolean {
    return this.#skipIdle ?? this.hasAttribute('skip-idle');
  }

  set skipIdle(on: boolean) {
    this.#skipIdle = on;
    if (this.#built) this.#time.skipIdle = on;
  }

  /** Service names the Crash select offers; when unset, the services seen in the trace. */
  get services(): readonly string[] | undefined {
    return this.#services;
  }

  set services(list: readonly string[] | undefined) {
    this.#services = list ? [...list] : undefined;
    this.#invalidate();
  }

  /** The seed and faults for the next Run: pass them to `runtime.start` as RunOptions. */
  get runOptions(): FlowRunOptions {
    const prefs = this.#preferences();
    return { seed: prefs.seed, faults: toFaultSettings(prefs), skipIdle: this.skipIdle };
  }

  /** The run being shown; set it on Run, `null` on reset. */
  get session(): RunSession | null {
    return this.#session;
  }

  set session(session: RunSession | null) {
    if (session === this.#session) return;
    if (!this.#built) {
      this.#built = true;
      this.#build();
    }
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
    this.#stopReplay();
    this.#session = session;
    this.#store.clear();
    this.#live = new FlowModel();
    this.#shown = this.#live;
    this.#pending = [];
    this.#cursor = 0;
    this.#select(undefined);
    this.#figure.reset();
    this.#log.reset();
    if (!session) {
      this.#setMode('idle');
      this.#faults.setLive(false, undefined);
      this.#dirty = true;
      this.#render(performance.now());
      return;
    }
    const prefs = this.#preferences();
    const faults = toFaultSettings(prefs);
    try {
      if (Object.values(faults).some((v) => v > 0)) session.controls.setFaults(faults);
      if (this.#time.speed !== 1) session.controls.setSpeed(this.#time.speed);
    } catch {
      // A runtime that cannot take them yet still runs; the next change retries.
    }
    this.#setMode('running');
    this.#faults.setLive(true, session.controls.seed);
    this.#subscription = session.trace$.subscribe({
      next: (event) => {
        this.#pending.push(event);
        this.#scheduleFrame();
      },
      complete: () => this.#ended(session),
      error: () => this.#ended(session),
    });
    session.finished.then(
      () => this.#ended(session),
      () => this.#ended(session),
    );
    this.#invalidate();
  }

  /**
   * Selects the event with this number (`seq`) in the log and shows its details: how an
   * exercise's verdict ("see event #57") opens the row it names. False when there is none.
   */
  showEvent(seq: number): boolean {
    this.#drain(performance.now(), Number.POSITIVE_INFINITY);
    const index = this.#store.events.findIndex((event) => event.seq === seq);
    if (index < 0) return false;
    this.#select(index);
    this.#log.element.scrollIntoView({ block: 'nearest' });
    return true;
  }

  #preferences(): FaultPreferences {
    this.#prefs ??= loadFaultPreferences(browserStorage(), this.sandboxId);
    return this.#prefs;
  }

  #build(): void {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const style = h('style', {}, flowStyles);
    this.#reducedMotion = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)');
    this.#time = new TimeControls({
      pause: () => this.#control((c) => c.pause(), 'paused'),
      resume: () => this.#control((c) => c.resume(), 'running'),
      step: () => this.#control((c) => c.step(), 'paused'),
      speed: (speed) => {
        if (this.#mode === 'running' || this.#mode === 'paused') {
          this.#session?.controls.setSpeed(speed);
        }
      },
      rerun: () => this.dispatchEvent(new CustomEvent('eda-rerun', { bubbles: true })),
      skipIdle: (on) => {
        this.#skipIdle = on;
        if (this.#mode === 'running' || this.#mode === 'paused') {
          this.#session?.controls.setSkipIdle(on);
        }
      },
      scrub: (count) => this.#scrub(count),
      replay: () => this.#replay(),
      stopReplay: () => {
        this.#stopReplay();
        this.#setMode('ended');
      },
    });
    this.#time.skipIdle = this.skipIdle;
    this.#figure = new FlowFigure(
      {
        onSelectEvent: (index) => this.#select(index),
        onSelectService: (service) => this.#log.setServiceFilter(service),
      },
      () => this.#reducedMotion?.matches ?? false,
    );
    this.#log = new EventLog(this.#store, (index) => this.#select(index));
    this.#details = new DetailsPane(this.#store, (index) => this.#select(index));
    this.#faults = new FaultPanel(this.#preferences(), {
      change: (prefs) => {
        this.#keep(prefs);
        if (this.#mode === 'running' || this.#mode === 'paused') {
          this.#session?.controls.setFaults(toFaultSettings(prefs));
        }
        this.#faults.setLive(this.#isLive(), this.#session?.controls.seed);
      },
      crash: (service) => this.#session?.controls.crashService(service),
      restart: (service) => this.#session?.controls.restartService(service),
      restartBroker: () => this.#session?.controls.restartBroker(),
    });
    this.#figureToggle = h(
      'button',
      { type: 'button', class: 'figure-toggle', 'aria-expanded': 'false' },
      'Show diagram',
    );
    this.#figureToggle.addEventListener('click', () => {
      const show = !this.#panel.classList.contains('show-figure');
      this.#panel.classList.toggle('show-figure', show);
      this.#figureToggle.setAttribute('aria-expanded', String(show));
      setText(this.#figureToggle, show ? 'Hide diagram' : 'Show diagram');
    });
    this.#panel = h(
      'div',
      { class: 'panel' },
      this.#time.element,
      this.#figureToggle,
      this.#figure.element,
      h('div', { class: 'lower' }, this.#log.element, this.#details.element),
      this.#faults.element,
    );
    root.replaceChildren(style, this.#panel);
    this.#dirty = true;
    this.#render(performance.now());
  }

  #isLive(): boolean {
    return this.#mode === 'running' || this.#mode === 'paused';
  }

  #control(action: (controls: RunSession['controls']) => void, mode: TimeMode): void {
    const session = this.#session;
    if (!session || !this.#isLive()) return;
    action(session.controls);
    this.#setMode(mode);
  }

  #setMode(mode: TimeMode): void {
    this.#mode = mode;
    this.#time.setMode(mode);
    if (mode === 'ended' || mode === 'replaying') {
      this.#time.setTimeline(this.#cursor, this.#store.events.length);
      this.#time.setMode(mode);
    }
  }

  #ended(session: RunSession): void {
    if (session !== this.#session || !this.#isLive()) return;
    // Fold whatever is still queued so the timeline covers the whole run.
    this.#drain(performance.now(), Number.POSITIVE_INFINITY);
    this.#cursor = this.#store.events.length;
    this.#faults.setLive(false, session.controls.seed);
    this.#setMode('ended');
    this.#invalidate();
  }

  /** Asks for a full redraw on the next frame. */
  #invalidate(): void {
    this.#dirty = true;
    this.#scheduleFrame();
  }

  #scheduleFrame(): void {
    if (this.#frame !== 0 || typeof requestAnimationFrame === 'undefined') return;
    this.#frame = requestAnimationFrame((now) => {
      this.#frame = 0;
      this.#render(now);
    });
  }

  /** Folds queued live events into the store and the live model. */
  #drain(now: number, max: number): number {
    if (this.#pending.length === 0) return 0;
    const batch = this.#pending.length > max ? this.#pending.splice(0, max) : this.#pending;
    if (batch === this.#pending) this.#pending = [];
    const showingLive = this.#shown === this.#live;
    for (const event of batch) {
      const index = this.#store.events.length;
      this.#store.add(event);
      const path = this.#live.apply(event);
      if (showingLive) this.#figure.animate(path, event, index);
    }
    void now;
    return batch.length;
  }

  /** One animation frame: fold events, redraw what changed, start this frame's dots. */
  #render(now: number): void {
    this.#unpainted += this.#drain(now, eventsPerFrame);
    // Under a flood, text and rows change ten times a second (readable, and layout/paint stay
    // cheap); the dots still start every frame. A trickle of events is shown at once.
    const due = this.#unpainted > 0 || this.#dirty;
    const slow = due && (this.#unpainted < floodEvents || now - this.#lastSlow >= floodIntervalMs);
    if (slow) {
      this.#unpainted = 0;
      this.#dirty = false;
      this.#lastSlow = now;
      // The log first: its scroll write then finds the layout clean (the figure writes after).
      this.#log.refresh();
      this.#figure.sync(this.#shown);
    } else {
      this.#figure.syncLayout(this.#shown);
    }
    this.#figure.flush(now, this.#time.speed);
    this.#faults.setServices(this.#crashable());
    if (this.#selected !== undefined) {
      const event = this.#store.events[this.#selected];
      const hops =
        event?.messageId === undefined ? 0 : this.#store.paths.of(event.messageId).length;
      if (hops !== this.#selectedHops) this.#showSelected();
    }
    if (this.#pending.length > 0 || this.#figure.busy || (due && !slow)) this.#scheduleFrame();
  }

  #crashable(): string[] {
    if (this.#services) return [...this.#services];
    const out: string[] = [];
    for (const node of this.#live.graph.nodes.values()) {
      if (node.role === 'service' && (node.consumes || node.hintsConsumer)) out.push(node.id);
    }
    return out.sort();
  }

  #select(index: number | undefined): void {
    this.#selected = index;
    this.#log.setSelected(index);
    this.#showSelected();
  }

  #showSelected(): void {
    const index = this.#selected;
    const limit = this.#shown === this.#live ? Number.POSITIVE_INFINITY : this.#cursor;
    this.#details.show(index, limit);
    const event = index === undefined ? undefined : this.#store.events[index];
    if (!event || event.messageId === undefined) {
      this.#selectedHops = 0;
      this.#figure.highlight(undefined);
      return;
    }
    const hops = this.#store.paths.of(event.messageId);
    this.#selectedHops = hops.length;
    this.#figure.highlight(
      hops.filter((i) => i < limit).map((i) => this.#store.events[i] as TraceEvent),
    );
  }

  #scrub(count: number): void {
    this.#stopReplay();
    if (this.#mode === 'replaying') this.#setMode('ended');
    this.#jumpTo(count);
  }

  #jumpTo(count: number): void {
    this.#cursor = Math.max(0, Math.min(count, this.#store.events.length));
    this.#shown =
      this.#cursor >= this.#store.events.length
        ? this.#live
        : flowStateAt(this.#store.events, this.#cursor);
    this.#figure.reset();
    this.#log.setLimit(
      this.#cursor >= this.#store.events.length ? Number.POSITIVE_INFINITY : this.#cursor,
    );
    this.#time.setTimeline(this.#cursor, this.#store.events.length);
    this.#showSelected();
    this.#dirty = true;
    this.#render(performance.now());
  }

  #replay(): void {
    if (this.#store.events.length === 0) return;
    if (this.#cursor >= this.#store.events.length) this.#jumpTo(0);
    if (this.#shown === this.#live) this.#shown = flowStateAt(this.#store.events, this.#cursor);
    this.#setMode('replaying');
    this.#replayNext();
  }

  #replayNext(): void {
    const events = this.#store.events;
    if (this.#cursor >= events.length) {
      this.#replayTimer = undefined;
      this.#shown = this.#live;
      this.#log.setLimit(Number.POSITIVE_INFINITY);
      this.#setMode('ended');
      this.#invalidate();
      return;
    }
    const wait = replayDelay(events, this.#cursor, this.#time.speed);
    this.#replayTimer = setTimeout(() => {
      // Events at (nearly) the same instant go in one tick, as they arrived live.
      do {
        const event = events[this.#cursor] as TraceEvent;
        const path = this.#shown.apply(event);
        this.#figure.animate(path, event, this.#cursor);
        this.#cursor++;
      } while (
        this.#cursor < events.length &&
        replayDelay(events, this.#cursor, this.#time.speed) < 4
      );
      this.#log.setLimit(this.#cursor);
      this.#time.setTimeline(this.#cursor, events.length);
      this.#invalidate();
      this.#replayNext();
    }, wait);
  }

  #stopReplay(): void {
    if (this.#replayTimer !== undefined) clearTimeout(this.#replayTimer);
    this.#replayTimer = undefined;
  }
}
