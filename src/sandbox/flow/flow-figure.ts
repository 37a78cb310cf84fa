import type { TraceEvent } from '../../broker/core/trace-event';
import { h, s } from './dom';
import { DotAnimation, type FlashTargets } from './dot-animation';
import { eventStyle, legendEntries, shapePaths } from './event-style';
import type { FlowCounters } from './flow-counters';
import { eventPath } from './flow-graph';
import {
  edgePathData,
  layoutFlow,
  pointOnCurve,
  type FlowLayout,
  type PlacedEdge,
} from './flow-layout';
import type { FlowModel } from './flow-model';
import { FigureCaption } from './figure-caption';
import { drawNodeBox, truncate, updateNodeBox, type NodeBox } from './node-box';
import { describeNode } from './node-description';

/** What the figure tells its panel. */
export interface FlowFigureCallbacks {
  /** A moving dot was clicked: show that trace event. */
  onSelectEvent(index: number): void;
  /** A service box was activated: filter the log to it. */
  onSelectService(service: string): void;
}

/**
 * The SVG diagram: services and broker parts laid out in layers, live counters on every box
 * (`node-box.ts`, named by `node-description.ts`), totals in the caption, and the moving dots
 * over it (`dot-animation.ts`).
 */
export class FlowFigure {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly staticLayer: SVGGElement;
  private readonly dots: DotAnimation;
  /** The stage's drawn width, from a ResizeObserver (reading clientWidth would force layout). */
  private stageWidth = 0;
  private readonly stage: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly caption = new FigureCaption();
  private layout: FlowLayout | undefined;
  private layoutVersion = -1;
  private readonly nodeBoxes = new Map<string, NodeBox>();
  private readonly edgeViews = new Map<string, SVGPathElement>();
  private readonly flashTargets: FlashTargets = {
    edge: (a, b) => this.edgeViews.get(`${a}->${b}`) ?? this.edgeViews.get(`${b}->${a}`),
    node: (id) => this.nodeBoxes.get(id)?.g,
  };
  private highlighted: { nodes: Set<string>; edges: Set<string> } | undefined;
  private model: FlowModel | undefined;

  constructor(
    private readonly callbacks: FlowFigureCallbacks,
    private readonly reducedMotion: () => boolean,
  ) {
    this.svg = s('svg', { class: 'flow', role: 'group', 'aria-label': 'Services and broker' });
    this.staticLayer = s('g');
    this.dots = new DotAnimation((index) => this.callbacks.onSelectEvent(index));
    this.svg.append(this.staticLayer);
    this.stage = h('div', { class: 'stage' }, this.svg, this.dots.layer);
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver((entries) => {
        this.stageWidth = entries[0]?.contentRect.width ?? 0;
        this.dots.fit(this.layout, this.stageWidth);
      }).observe(this.stage);
    }
    this.empty = h(
      'p',
      { class: 'empty' },
      'Press Run: services, exchanges, queues and topics appear here as the run declares and uses them.',
    );
    this.element = h(
      'figure',
      { 'aria-label': 'Event flow' },
      this.caption.element,
      this.empty,
      this.stage,
      this.legend(),
    );
    this.stage.style.display = 'none';
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
    this.dots.animate(path, event, index);
  }

  /** Starts the queued animations (one rAF batch) and ends finished flashes. */
  flush(now: number, speed: number): void {
    this.dots.flush(this.layout, this.flashTargets, now, speed, this.reducedMotion());
  }

  /** Whether the figure still needs frames (hops waiting to start, flashes to end). */
  get busy(): boolean {
    return this.dots.busy;
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
    this.dots.reset();
    this.layout = undefined;
    this.layoutVersion = -1;
    this.highlighted = undefined;
    this.staticLayer.replaceChildren();
    this.nodeBoxes.clear();
    this.edgeViews.clear();
    this.stage.style.display = 'none';
    this.empty.hidden = false;
    this.caption.clear();
  }

  private legend(): HTMLElement {
    const list = h('ul', { class: 'legend', 'aria-label': 'Legend' });
    for (const entry of legendEntries) {
      const style = eventStyle(entry.kind);
      const icon = s(
        'svg',
        { viewBox: '-8 -8 16 16', 'aria-hidden': 'true' },
        s('g', { class: `dot ${style.tone}` }, s('path', { d: shapePaths[style.shape] })),
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
    this.dots.fit(layout, this.stageWidth);
    this.nodeBoxes.clear();
    this.edgeViews.clear();
    this.dots.forgetFlashes();
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
    for (const placed of ordered) {
      const box = drawNodeBox(placed, (service) => this.callbacks.onSelectService(service));
      this.nodeBoxes.set(placed.node.id, box);
      nodes.append(box.g);
    }
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

  private updateCounters(counters: FlowCounters): void {
    const model = this.model;
    if (!model) return;
    for (const [id, box] of this.nodeBoxes) {
      const node = model.graph.nodes.get(id);
      if (!node) continue;
      updateNodeBox(box, node, counters.of(id), describeNode(node, counters, model.graph));
    }
    this.caption.update(counters.totals, this.dots.skipped);
  }

  private applyHighlight(): void {
    const mark = this.highlighted;
    for (const [id, box] of this.nodeBoxes)
      box.g.classList.toggle('on-path', mark?.nodes.has(id) ?? false);
    for (const [id, el] of this.edgeViews)
      el.classList.toggle('on-path', mark?.edges.has(id) ?? false);
  }
}
