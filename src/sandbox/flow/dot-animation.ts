import type { TraceEvent } from '../../broker/core/trace-event';
import { h, s, setText } from './dom';
import { endsInPlace, eventStyle, shapePaths } from './event-style';
import { pointOnCurve, type FlowLayout, type Point } from './flow-layout';

/** Most dots in flight at once; more hops than this in one moment are counted, not drawn. */
export const maxDots = 200;

/** Dots started in one animation frame at most (60 frames/s × 3 = 180 hops/s drawn). */
const startsPerFrame = 3;

/** Hops waiting to start at most (about 8 frames' worth): more than that is a flood. */
const maxBacklog = startsPerFrame * 8;

/** How long a reduced-motion flash stays on a line and its box, in ms. */
const flashMs = 700;

interface Dot {
  readonly el: HTMLElement;
  readonly icon: SVGGElement;
  readonly path: SVGPathElement;
  readonly title: SVGTitleElement;
  animation?: Animation;
  /** When its animation is over (performance.now() time); the frame loop reclaims it then. */
  until: number;
}

interface QueuedHop {
  readonly path: readonly string[];
  readonly event: TraceEvent;
  readonly index: number;
}

/** The drawn lines and boxes a reduced-motion flash lights up instead of moving a dot. */
export interface FlashTargets {
  /** The drawn line between two nodes, either way round. */
  edge(from: string, to: string): Element | undefined;
  /** A node's drawn box. */
  node(id: string): Element | undefined;
}

/**
 * The moving dots: one per hop, scheduled so a burst plays out and a flood cannot freeze the
 * page. Hops queue up; each frame starts at most `startsPerFrame` of them, oldest first, from a
 * pool of at most `maxDots` dots; a backlog longer than `maxBacklog` loses its oldest hops,
 * which are counted in `skipped`. Under reduced motion the hop's line flashes and the box it
 * reached pulses instead.
 */
export class DotAnimation {
  /** Small SVG icons in HTML boxes stacked on the diagram, in diagram units. */
  readonly layer: HTMLElement;
  /** Hops that were never drawn (a flood, or no free dot). */
  skipped = 0;
  private scale = 1;
  private readonly dots: Dot[] = [];
  private readonly freeDots: Dot[] = [];
  private queue: QueuedHop[] = [];
  private readonly flashes = new Map<Element, { cls: string; until: number }>();

  /** @param onSelectEvent a dot was clicked: show its trace event (by index). */
  constructor(onSelectEvent: (index: number) => void) {
    // WAAPI transform animations on HTML boxes: the compositor runs those, so a moving dot costs
    // the main thread no layout or paint per frame (an animated transform inside an SVG would
    // relayout the SVG every frame).
    this.layer = h('div', { class: 'dots', 'aria-hidden': 'true' });
    this.layer.addEventListener('click', (event) => {
      const target = (event.target as Element).closest<HTMLElement>('.mover');
      const index = Number(target?.dataset['index']);
      if (Number.isInteger(index)) onSelectEvent(index);
    });
  }

  /** Queues one hop for the next frame's animation. */
  animate(path: readonly string[], event: TraceEvent, index: number): void {
    if (event.kind === 'declared' || event.kind === 'connected' || event.kind === 'disconnected')
      return;
    this.queue.push({ path, event, index });
    // Bursts: keep only the newest hops; the older ones would be stale before they could start.
    if (this.queue.length > maxDots) {
      const drop = this.queue.length - maxBacklog;
      this.skipped += drop;
      this.queue = this.queue.slice(drop);
    }
  }

  /** Starts this frame's share of the queued hops and ends finished flashes. */
  flush(
    layout: FlowLayout | undefined,
    targets: FlashTargets,
    now: number,
    speed: number,
    reduced: boolean,
  ): void {
    this.reclaim(performance.now());
    // Start at most a few dots per frame, oldest first, so a burst (publish, four routes, four
    // deliveries arriving together) plays out over a few frames instead of being cut. Only a
    // backlog longer than a few frames (a flood) loses its oldest hops, which are counted.
    if (this.queue.length > maxBacklog) {
      this.skipped += this.queue.length - maxBacklog;
      this.queue = this.queue.slice(-maxBacklog);
    }
    const hops = this.queue.splice(0, startsPerFrame);
    if (layout) {
      for (const hop of hops) {
        if (reduced) this.flash(layout, targets, hop, now);
        else if (!this.move(layout, hop, speed)) this.skipped++;
      }
    }
    for (const [el, flash] of this.flashes) {
      if (flash.until <= now) {
        el.classList.remove(flash.cls);
        this.flashes.delete(el);
      }
    }
  }

  /** Whether frames are still needed (hops waiting to start, flashes to end, dots moving). */
  get busy(): boolean {
    return (
      this.queue.length > 0 || this.flashes.size > 0 || this.freeDots.length < this.dots.length
    );
  }

  /** Forgets running flashes: the drawing they were on was replaced. */
  forgetFlashes(): void {
    this.flashes.clear();
  }

  /** Stops every dot and forgets the queue and the skipped count (a new run, a replay jump). */
  reset(): void {
    for (const dot of this.dots) this.release(dot);
    this.queue = [];
    this.skipped = 0;
    this.flashes.clear();
  }

  /** Sizes the layer to the diagram and scales it to the diagram's drawn width. */
  fit(layout: FlowLayout | undefined, drawnWidth: number): void {
    if (!layout) return;
    const width = layout.width;
    this.layer.style.width = `${width}px`;
    this.layer.style.height = `${layout.height}px`;
    if (!width) return;
    const scale = drawnWidth > 0 ? Math.min(1, drawnWidth / width) : 1;
    if (scale !== this.scale || !this.layer.style.transform) {
      this.scale = scale;
      this.layer.style.transform = `scale(${scale})`;
    }
  }

  /** The points a dot passes through for one hop: along drawn edges where they exist. */
  private route(layout: FlowLayout, path: readonly string[]): Point[] {
    const points: Point[] = [];
    for (let i = 1; i < path.length; i++) {
      const a = path[i - 1] ?? '';
      const b = path[i] ?? '';
      const forward = layout.edges.find((e) => e.edge.from === a && e.edge.to === b);
      const reverse = forward
        ? undefined
        : layout.edges.find((e) => e.edge.from === b && e.edge.to === a);
      const placed = forward ?? reverse;
      const samples: Point[] = [];
      if (placed) {
        for (let k = 0; k <= 8; k++) samples.push(pointOnCurve(placed.points, k / 8));
        if (reverse) samples.reverse();
      } else {
        const na = layout.nodes.get(a);
        const nb = layout.nodes.get(b);
        if (!na || !nb) continue;
        samples.push({ x: na.x, y: na.y }, { x: nb.x, y: nb.y });
      }
      if (points.length) samples.shift();
      points.push(...samples);
    }
    return points;
  }

  /** Starts one dot; false when the pool is exhausted. */
  private move(layout: FlowLayout, hop: QueuedHop, speed: number): boolean {
    const style = eventStyle(hop.event.kind);
    const inPlace = endsInPlace(hop.event.kind) || hop.path.length < 2;
    let keyframes: Keyframe[];
    let duration: number;
    if (inPlace) {
      const at = this.lossPoint(layout, hop.path);
      if (!at) return true;
      const t = `translate(${at.x}px, ${at.y}px)`;
      keyframes = [
        { transform: `${t} scale(0.6)`, opacity: 1 },
        { transform: `${t} scale(1.6)`, opacity: 1, offset: 0.6 },
        { transform: `${t} scale(1.6)`, opacity: 0 },
      ];
      duration = 1400 / Math.max(0.25, speed);
    } else {
      const points = this.route(layout, hop.path);
      if (points.length < 2) return true;
      keyframes = points.map((p) => ({ transform: `translate(${p.x}px, ${p.y}px)` }));
      duration = Math.min(
        2400,
        Math.max(180, (650 * (hop.path.length - 1)) / Math.max(0.25, speed)),
      );
    }
    const dot = this.takeDot();
    if (!dot) return false;
    dot.icon.setAttribute('class', `dot ${style.tone}`);
    dot.el.dataset['index'] = String(hop.index);
    dot.path.setAttribute('d', shapePaths[style.shape]);
    const e = hop.event;
    setText(
      dot.title,
      `${e.messageId ?? 'event'} ${style.label}${e.reason ? ` (${e.reason})` : ''}: ${e.from} → ${e.to}`,
    );
    dot.el.style.visibility = '';
    dot.animation = dot.el.animate(keyframes, {
      duration,
      easing: inPlace ? 'ease-out' : 'ease-in-out',
      fill: 'forwards',
    });
    dot.until = performance.now() + duration;
    return true;
  }

  /** Where a lost message is shown: between its two ends when both are drawn, else at its node. */
  private lossPoint(layout: FlowLayout, path: readonly string[]): Point | undefined {
    const a = layout.nodes.get(path[0] ?? '');
    const b = layout.nodes.get(path[path.length - 1] ?? '');
    if (a && b && a !== b) {
      const edge = layout.edges.find((e) => e.edge.from === a.node.id && e.edge.to === b.node.id);
      if (edge) return pointOnCurve(edge.points, 0.5);
      return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
    const n = a ?? b;
    return n ? { x: n.x + n.width / 2 - 8, y: n.y } : undefined;
  }

  private flash(layout: FlowLayout, targets: FlashTargets, hop: QueuedHop, now: number): void {
    const style = eventStyle(hop.event.kind);
    const cls = `flash-${style.tone}`;
    const until = now + flashMs;
    for (let i = 1; i < hop.path.length; i++) {
      const el = targets.edge(hop.path[i - 1] ?? '', hop.path[i] ?? '');
      if (!el) continue;
      const previous = this.flashes.get(el);
      if (previous && previous.cls !== cls) el.classList.remove(previous.cls);
      el.classList.add(cls);
      this.flashes.set(el, { cls, until });
    }
    const last = layout.nodes.get(hop.path[hop.path.length - 1] ?? '');
    const box = last ? targets.node(last.node.id) : undefined;
    if (box) {
      box.classList.add('pulse');
      this.flashes.set(box, { cls: 'pulse', until });
    }
  }

  private takeDot(): Dot | undefined {
    const free = this.freeDots.pop();
    if (free) return free;
    if (this.dots.length >= maxDots) return undefined;
    const title = s('title');
    const path = s('path');
    const icon = s('g', { class: 'dot' }, path);
    const el = h('div', { class: 'mover' }, s('svg', { viewBox: '-8 -8 16 16' }, title, icon));
    el.style.visibility = 'hidden';
    this.layer.append(el);
    const dot: Dot = { el, icon, path, title, until: 0 };
    this.dots.push(dot);
    return dot;
  }

  /** Puts finished dots back in the pool (polled each frame: no event per dot). */
  private reclaim(now: number): void {
    for (const dot of this.dots) if (dot.animation && dot.until <= now) this.release(dot);
  }

  private release(dot: Dot): void {
    const animation = dot.animation;
    if (!animation) return;
    delete dot.animation;
    animation.cancel();
    dot.el.style.visibility = 'hidden';
    this.freeDots.push(dot);
  }
}
