import { holdsMessages } from '../../broker/core/endpoint';
import type { TraceEvent } from '../../broker/core/trace-event';
import { formatCount, h, s, setText } from './dom';
import { endsInPlace, eventStyle, legendEntries, type EventStyle } from './event-style';
import type { FlowCounters, NodeCounters } from './flow-counters';
import type { FlowNode } from './flow-graph';
import { eventPath } from './flow-graph';
import {
  edgePathData,
  layoutFlow,
  pointOnCurve,
  type FlowLayout,
  type PlacedEdge,
  type PlacedNode,
  type Point,
} from './flow-layout';
import type { FlowModel } from './flow-model';

/** What the figure tells its panel. */
export interface FlowFigureCallbacks {
  /** A moving dot was clicked: show that trace event. */
  onSelectEvent(index: number): void;
  /** A service box was activated: filter the log to it. */
  onSelectService(service: string): void;
}

/** Most dots in flight at once; more hops than this in one moment are counted, not drawn. */
export const maxDots = 200;

/** Dots started in one animation frame at most (60 frames/s × 3 = 180 hops/s drawn). */
const startsPerFrame = 3;

/** Hops waiting to start at most (about 8 frames' worth): more than that is a flood. */
const maxBacklog = startsPerFrame * 8;

const shapes: Readonly<Record<EventStyle['shape'], string>> = {
  circle: 'M-5 0a5 5 0 1 0 10 0a5 5 0 1 0 -10 0',
  ring: 'M-6 0a6 6 0 1 0 12 0a6 6 0 1 0 -12 0',
  cross: 'M-5 -5L5 5M5 -5L-5 5',
  square: 'M-5 -5h10v10h-10z',
  diamond: 'M0 -6L6 0L0 6L-6 0z',
  tick: 'M-5 0L-1.5 4L5 -4',
};

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

interface NodeView {
  readonly g: SVGGElement;
  /** What carries the accessible name: the box's button for services, the node otherwise. */
  readonly labelled: SVGGElement;
  readonly count: SVGTextElement;
  readonly title: SVGTitleElement;
  readonly slots: SVGRectElement[];
  readonly badges: SVGGElement;
  lastBadges: string;
}

const slotCount = 10;

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Keep a trailing "#2" (a second client with the same id, after a restart): cut the middle
  // instead, so two boxes never read the same.
  const suffix = /#\d+$/.exec(text)?.[0];
  if (suffix) return `${text.slice(0, max - suffix.length - 1)}…${suffix}`;
  return `${text.slice(0, max - 1)}…`;
}

/**
 * The SVG diagram: services and broker parts laid out in layers, live counters on every box,
 * and a capped pool of dots that move along each hop (or flash the line when the reader
 * prefers reduced motion).
 */
export class FlowFigure {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly staticLayer: SVGGElement;
  private readonly dotLayer: HTMLElement;
  private scale = 1;
  /** The stage's drawn width, from a ResizeObserver (reading clientWidth would force layout). */
  private stageWidth = 0;
  private readonly stage: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly totals: HTMLElement;
  private readonly skippedNote: HTMLElement;
  private layout: FlowLayout | undefined;
  private layoutVersion = -1;
  private readonly nodeViews = new Map<string, NodeView>();
  private readonly edgeViews = new Map<string, SVGPathElement>();
  private readonly dots: Dot[] = [];
  private readonly freeDots: Dot[] = [];
  private queue: QueuedHop[] = [];
  private readonly flashes = new Map<Element, { cls: string; until: number }>();
  private highlighted: { nodes: Set<string>; edges: Set<string> } | undefined;
  private skipped = 0;
  private model: FlowModel | undefined;

  constructor(
    private readonly callbacks: FlowFigureCallbacks,
    private readonly reducedMotion: () => boolean,
  ) {
    this.svg = s('svg', { class: 'flow', role: 'group', 'aria-label': 'Services and broker' });
    this.staticLayer = s('g');
    // Dots are small SVG icons in HTML boxes stacked on the diagram, moved by WAAPI transform
    // animations: the compositor runs those, so a moving dot costs the main thread no layout or
    // paint per frame (an animated transform inside an SVG would relayout the SVG every frame).
    this.dotLayer = h('div', { class: 'dots', 'aria-hidden': 'true' });
    this.svg.append(this.staticLayer);
    this.stage = h('div', { class: 'stage' }, this.svg, this.dotLayer);
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver((entries) => {
        this.stageWidth = entries[0]?.contentRect.width ?? 0;
        this.fitDots();
      }).observe(this.stage);
    }
    this.empty = h(
      'p',
      { class: 'empty' },
      'Press Run: services, exchanges, queues and topics appear here as the run declares and uses them.',
    );
    this.totals = h('span', { class: 'totals' });
    this.skippedNote = h('span', { class: 'skipped' });
    const caption = h('figcaption', {}, this.totals, this.skippedNote);
    this.element = h(
      'figure',
      { 'aria-label': 'Event flow' },
      caption,
      this.empty,
      this.stage,
      this.legend(),
    );
    this.stage.style.display = 'none';
    this.dotLayer.addEventListener('click', (event) => {
      const target = (event.target as Element).closest<HTMLElement>('.mover');
      const index = Number(target?.dataset['index']);
      if (Number.isInteger(index)) this.callbacks.onSelectEvent(index);
    });
  }

  /** Redraws the structure when the graph changed and refreshes every counter. */
  sync(model: FlowModel): void {
    this.syncLayout(model);
    this.updateCounters(model.counters);
  }

  /** Redraws the structure only if the graph changed (counters wait for the next `sync`). */
  syncLayout(model: FlowModel): void {
    this.model = model;
    if (model.graph.version !== this.layoutVersion || !this.layout) {
      this.layoutVersion = model.graph.version;
      this.layout = layoutFlow(model.graph);
      this.drawStatic(this.layout);
      this.updateCounters(model.counters);
    }
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

  /** Starts the queued animations (one rAF batch) and ends finished flashes. */
  flush(now: number, speed: number): void {
    this.reclaim(performance.now());
    const layout = this.layout;
    const reduced = this.reducedMotion();
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
        if (reduced) this.flash(layout, hop, now);
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

  /** Whether the figure still needs frames (hops waiting to start, flashes to end). */
  get busy(): boolean {
    return (
      this.queue.length > 0 || this.flashes.size > 0 || this.freeDots.length < this.dots.length
    );
  }

  /** Marks one message's path (edges and boxes), or clears the mark. */
  highlight(events: readonly TraceEvent[] | undefined): void {
    if (!events) this.highlighted = undefined;
    else {
      const nodes = new Set<string>();
      const edges = new Set<string>();
      for (const event of events) {
        const path = eventPath(event);
        path.forEach((id, i) => {
          nodes.add(id);
          const previous = path[i - 1];
          if (previous !== undefined) {
            edges.add(`${previous}->${id}`);
            edges.add(`${id}->${previous}`);
          }
        });
      }
      this.highlighted = { nodes, edges };
    }
    this.applyHighlight();
  }

  /** Forgets the drawing and any dot in flight (a new run, or a replay jump). */
  reset(): void {
    for (const dot of this.dots) this.release(dot);
    this.queue = [];
    this.skipped = 0;
    this.layout = undefined;
    this.layoutVersion = -1;
    this.highlighted = undefined;
    this.flashes.clear();
    this.staticLayer.replaceChildren();
    this.nodeViews.clear();
    this.edgeViews.clear();
    this.stage.style.display = 'none';
    this.empty.hidden = false;
    setText(this.totals, '');
    setText(this.skippedNote, '');
  }

  private legend(): HTMLElement {
    const list = h('ul', { class: 'legend', 'aria-label': 'Legend' });
    for (const entry of legendEntries) {
      const style = eventStyle(entry.kind);
      const icon = s(
        'svg',
        { viewBox: '-8 -8 16 16', 'aria-hidden': 'true' },
        s('g', { class: `dot ${style.tone}` }, s('path', { d: shapes[style.shape] })),
      );
      list.append(h('li', {}, icon, entry.text));
    }
    return list;
  }

  private drawStatic(layout: FlowLayout): void {
    const hasNodes = layout.nodes.size > 0;
    this.stage.style.display = hasNodes ? '' : 'none';
    this.empty.hidden = hasNodes;
    this.svg.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
    this.svg.setAttribute('width', String(layout.width));
    this.svg.setAttribute('height', String(layout.height));
    this.stage.style.maxWidth = `${layout.width}px`;
    // Shrink to fit, but not below three quarters: past that the labels are unreadable and the
    // figure scrolls sideways instead.
    this.stage.style.minWidth = `${Math.min(layout.width, Math.max(520, layout.width * 0.75))}px`;
    this.dotLayer.style.width = `${layout.width}px`;
    this.dotLayer.style.height = `${layout.height}px`;
    this.fitDots();
    this.nodeViews.clear();
    this.edgeViews.clear();
    this.flashes.clear();
    const columns = s('g', { 'aria-hidden': 'true' });
    for (const column of layout.columns) {
      columns.append(
        s(
          'text',
          { class: 'column-title', x: column.x, y: 16, 'text-anchor': 'middle' },
          column.title,
        ),
      );
    }
    const edges = s('g', { 'aria-hidden': 'true' });
    for (const placed of layout.edges) edges.append(...this.drawEdge(placed));
    const nodes = s('g');
    const ordered = [...layout.nodes.values()].sort((a, b) => a.column - b.column || a.y - b.y);
    for (const placed of ordered) nodes.append(this.drawNode(placed));
    this.staticLayer.replaceChildren(columns, edges, nodes);
    this.applyHighlight();
  }

  private drawEdge(placed: PlacedEdge): SVGElement[] {
    const classes = ['edge'];
    if (placed.edge.binding) classes.push('binding');
    if (placed.backward) classes.push('backward');
    const path = s('path', { class: classes.join(' '), d: edgePathData(placed.points) });
    this.edgeViews.set(placed.edge.id, path);
    const out: SVGElement[] = [path];
    if (placed.edge.key !== undefined && placed.edge.key !== '') {
      const mid = pointOnCurve(placed.points, 0.5);
      out.push(
        s(
          'text',
          { class: 'edge-key', x: mid.x, y: mid.y - 5, 'text-anchor': 'middle' },
          truncate(placed.edge.key, 18),
        ),
      );
    }
    return out;
  }

  private drawNode(placed: PlacedNode): SVGGElement {
    const { node, width: w, height: hgt } = placed;
    const clickable = node.role === 'service';
    const g = s('g', {
      class: `node role-${node.role}${clickable ? ' clickable' : ''}`,
      transform: `translate(${placed.x} ${placed.y})`,
      role: clickable ? undefined : 'img',
    });
    // A service box is a button whose name carries its counters; its visible texts sit beside
    // it, hidden from assistive tech, so the name is not tied to the exact drawn words.
    const labelled = clickable ? s('g', { class: 'hit', role: 'button', tabindex: 0 }) : g;
    const deco = clickable ? s('g', { class: 'deco', 'aria-hidden': 'true' }) : g;
    const title = s('title');
    labelled.append(title, this.shape(node, w, hgt));
    if (clickable) g.append(labelled, deco);
    deco.append(s('text', { class: 'label', x: -w / 2 + 10, y: -5 }, truncate(node.label, 17)));
    const count = s('text', { class: 'count', x: -w / 2 + 10, y: 11 });
    deco.append(count);
    const slots: SVGRectElement[] = [];
    if (holdsMessages(node.role)) {
      const slotWidth = (w - 20 - (slotCount - 1) * 2) / slotCount;
      for (let i = 0; i < slotCount; i++) {
        const slot = s('rect', {
          class: 'slot',
          x: -w / 2 + 10 + i * (slotWidth + 2),
          y: hgt / 2 - 9,
          width: slotWidth,
          height: 4,
          rx: 1,
        });
        slots.push(slot);
        deco.append(slot);
      }
    }
    const badges = s('g', { transform: `translate(${w / 2} ${-hgt / 2})` });
    deco.append(badges);
    if (clickable) {
      const activate = (): void => this.callbacks.onSelectService(node.id);
      labelled.addEventListener('click', activate);
      labelled.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          activate();
        }
      });
    }
    this.nodeViews.set(node.id, { g, labelled, count, title, slots, badges, lastBadges: '' });
    return g;
  }

  private shape(node: FlowNode, w: number, hgt: number): SVGElement {
    const x = -w / 2;
    const y = -hgt / 2;
    switch (node.role) {
      case 'exchange': {
        const c = 12;
        const points = [
          [x + c, y],
          [-x - c, y],
          [-x, 0],
          [-x - c, -y],
          [x + c, -y],
          [x, 0],
        ]
          .map(([px, py]) => `${px},${py}`)
          .join(' ');
        return s('polygon', { class: 'box', points });
      }
      case 'channel':
      case 'pattern':
      case 'subject':
        return s('rect', { class: 'box', x, y, width: w, height: hgt, rx: hgt / 2 });
      case 'service':
        return s('rect', { class: 'box', x, y, width: w, height: hgt, rx: 10 });
      case 'group':
        return s('rect', { class: 'box', x, y, width: w, height: hgt, rx: 14 });
      default:
        return s('rect', { class: 'box', x, y, width: w, height: hgt, rx: 4 });
    }
  }

  private describe(
    node: FlowNode,
    c: NodeCounters,
    counters: FlowCounters,
  ): { line: string; full: string } {
    const extra: string[] = [];
    if (c.deadLettered) extra.push(`${c.deadLettered} dead-lettered`);
    if (c.dropped) extra.push(`${c.dropped} dropped`);
    if (c.expired) extra.push(`${c.expired} expired`);
    if (c.redelivered) extra.push(`${c.redelivered} redelivered`);
    if (c.duplicated) extra.push(`${c.duplicated} duplicated`);
    let line: string;
    let what: string;
    switch (node.role) {
      case 'service': {
        const roles = [
          node.produces ? 'producer' : '',
          node.consumes || node.hintsConsumer ? 'consumer' : '',
        ]
          .filter(Boolean)
          .join(' · ');
        what = `service ${node.label}${roles ? ` (${roles})` : ''}`;
        line =
          node.state === 'crashed'
            ? 'crashed'
            : node.state === 'offline'
              ? 'disconnected'
              : node.consumes || !node.produces
                ? `${c.received} received`
                : `${c.sent} published`;
        break;
      }
      case 'queue':
        what = `queue ${node.label}`;
        line = `${c.ready} ready · ${c.unacked} unacked`;
        break;
      case 'stream':
        what = `stream ${node.label}`;
        line = `${c.ready} entries · ${c.unacked} pending`;
        break;
      case 'partition': {
        const lags = counters.lags().filter((l) => l.partition === node.id);
        const worst = lags.reduce((max, l) => Math.max(max, l.lag), 0);
        what = `partition ${node.label}`;
        line = `end ${c.logEnd}${lags.length ? ` · lag ${worst}` : ''}`;
        for (const l of lags)
          extra.push(
            `group ${l.group} lag ${l.lag}${l.committed !== undefined ? ` (committed ${l.committed})` : ''}`,
          );
        break;
      }
      case 'topic': {
        const partitions = this.model
          ? [...this.model.graph.nodes.values()].filter((n) => n.parent === node.id).length
          : 0;
        what = `topic ${node.label}`;
        line = `${partitions} partition${partitions === 1 ? '' : 's'}`;
        break;
      }
      case 'group':
        what = `consumer group ${node.label}`;
        line = `${c.received} received`;
        break;
      default:
        what = `${node.role} ${node.label}`;
        line = `${node.note ? `${node.note} · ` : ''}${c.received} in`;
        break;
    }
    const full = [`${what}: ${line}`, ...extra].join('; ');
    return { line, full };
  }

  private updateCounters(counters: FlowCounters): void {
    const model = this.model;
    if (!model) return;
    for (const [id, view] of this.nodeViews) {
      const node = model.graph.nodes.get(id);
      if (!node) continue;
      const c = counters.of(id);
      const { line, full } = this.describe(node, c, counters);
      setText(view.count, line);
      view.count.classList.toggle('bad', node.state === 'crashed');
      const label = node.role === 'service' ? `${full}. Show its events in the log` : full;
      if (view.labelled.getAttribute('aria-label') !== label) {
        view.labelled.setAttribute('aria-label', label);
      }
      setText(view.title, full);
      view.g.classList.toggle('state-crashed', node.state === 'crashed');
      view.g.classList.toggle('state-offline', node.state === 'offline');
      if (view.slots.length) {
        const ready = node.role === 'partition' ? 0 : c.ready;
        view.slots.forEach((slot, i) => {
          const cls =
            i < c.unacked ? 'slot unacked' : i < c.unacked + ready ? 'slot ready' : 'slot';
          if (slot.getAttribute('class') !== cls) slot.setAttribute('class', cls);
        });
      }
      this.drawBadges(view, c);
    }
    setText(
      this.skippedNote,
      this.skipped > 0 ? `${formatCount(this.skipped)} hops not animated (too many at once)` : '',
    );
    const t = counters.totals;
    const parts: [string, number, string][] = [
      ['published', t.published, ''],
      ['delivered', t.delivered, ''],
      ['acked', t.acked, ''],
      ['committed', t.committed, 'optional'],
      ['redelivered', t.redelivered, 'retry'],
      ['duplicated', t.duplicated, 'retry'],
      ['dead-lettered', t.deadLettered, 'dead'],
      ['dropped', t.dropped, 'bad'],
      ['expired', t.expired, 'bad'],
    ];
    const key = parts.map((p) => p[1]).join(',');
    if (this.totals.dataset['key'] !== key) {
      this.totals.dataset['key'] = key;
      this.totals.replaceChildren(
        ...parts
          .filter(([, n, tone]) => tone === '' || n > 0)
          .map(([name, n, tone]): [string, number, string] => [
            name,
            n,
            tone === 'optional' ? '' : tone,
          ])
          .map(([name, n, tone]) =>
            h('span', { class: tone }, h('b', {}, formatCount(n)), ` ${name}`),
          ),
      );
    }
  }

  private drawBadges(view: NodeView, c: NodeCounters): void {
    // Same shapes as the moving dots and the legend, so a badge reads without a font glyph.
    const list: [EventStyle['tone'], EventStyle['shape'], number][] = [
      ['dead', 'square', c.deadLettered],
      ['lost', 'cross', c.dropped],
      ['expired', 'cross', c.expired],
      ['retry', 'ring', c.redelivered],
      ['fault', 'diamond', c.duplicated],
    ];
    const shown = list.filter(([, , n]) => n > 0);
    const key = shown.map(([k, , n]) => `${k}${n}`).join(' ');
    if (key === view.lastBadges) return;
    view.lastBadges = key;
    let right = -2;
    const items: SVGGElement[] = [];
    for (const [tone, shape, n] of shown) {
      const text = String(n);
      const width = 24 + text.length * 6.5;
      right -= width;
      items.push(
        s(
          'g',
          { class: `badge ${tone}`, transform: `translate(${right} -8)` },
          s('rect', { width, height: 16, rx: 8 }),
          s(
            'g',
            { class: `dot ${tone}`, transform: 'translate(9.5 8) scale(0.62)' },
            s('path', { d: shapes[shape] }),
          ),
          s('text', { x: 17, y: 11.5 }, text),
        ),
      );
      right -= 3;
    }
    view.badges.replaceChildren(...items);
  }

  private applyHighlight(): void {
    const mark = this.highlighted;
    for (const [id, view] of this.nodeViews)
      view.g.classList.toggle('on-path', mark?.nodes.has(id) ?? false);
    for (const [id, el] of this.edgeViews)
      el.classList.toggle('on-path', mark?.edges.has(id) ?? false);
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
    dot.path.setAttribute('d', shapes[style.shape]);
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

  private flash(layout: FlowLayout, hop: QueuedHop, now: number): void {
    const style = eventStyle(hop.event.kind);
    const cls = `flash-${style.tone}`;
    const until = now + 700;
    for (let i = 1; i < hop.path.length; i++) {
      const a = hop.path[i - 1];
      const b = hop.path[i];
      const el = this.edgeViews.get(`${a}->${b}`) ?? this.edgeViews.get(`${b}->${a}`);
      if (!el) continue;
      const previous = this.flashes.get(el);
      if (previous && previous.cls !== cls) el.classList.remove(previous.cls);
      el.classList.add(cls);
      this.flashes.set(el, { cls, until });
    }
    const last = layout.nodes.get(hop.path[hop.path.length - 1] ?? '');
    const view = last ? this.nodeViews.get(last.node.id) : undefined;
    if (view) {
      view.g.classList.add('pulse');
      this.flashes.set(view.g, { cls: 'pulse', until });
    }
  }

  /** The dot layer works in diagram units; scale it to the drawn size of the SVG. */
  private fitDots(): void {
    const width = this.layout?.width;
    if (!width) return;
    const drawn = this.stageWidth;
    const scale = drawn > 0 ? Math.min(1, drawn / width) : 1;
    if (scale !== this.scale || !this.dotLayer.style.transform) {
      this.scale = scale;
      this.dotLayer.style.transform = `scale(${scale})`;
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
    this.dotLayer.append(el);
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
