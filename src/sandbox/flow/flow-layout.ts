import type { EndpointRole } from '../../broker/core/endpoint';
import type { FlowEdge, FlowGraph, FlowNode } from './flow-graph';

/** Where one node sits in the figure (centre point and size, in SVG user units). */
export interface PlacedNode {
  readonly node: FlowNode;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Column index after empty columns were removed. */
  readonly column: number;
}

/** An edge with the points of its drawn curve (cubic Bézier: start, control 1, control 2, end). */
export interface PlacedEdge {
  readonly edge: FlowEdge;
  readonly points: readonly [Point, Point, Point, Point];
  /** Goes right to left (e.g. a dead-letter exchange fed from a queue, a consumer that publishes). */
  readonly backward: boolean;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The whole laid-out figure. */
export interface FlowLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<string, PlacedNode>;
  readonly edges: readonly PlacedEdge[];
  /** Column titles, left to right (e.g. `Producers`, `Exchanges`, `Queues`, `Consumers`). */
  readonly columns: readonly { readonly x: number; readonly title: string }[];
}

/** Sizes of the layered layout; exported so tests and the view agree. */
export const layoutMetrics = {
  nodeWidth: 148,
  nodeHeight: 46,
  columnGap: 60,
  rowGap: 18,
  padX: 16,
  padTop: 34,
  padBottom: 20,
} as const;

const consumerLayer = 4;

/** Which column of the layered layout each role sits in; producers are column 0. */
export const roleLayer: Readonly<Record<EndpointRole, number>> = {
  service: 0,
  exchange: 1,
  channel: 1,
  pattern: 1,
  topic: 1,
  subject: 1,
  queue: 2,
  stream: 2,
  partition: 2,
  group: 3,
  broker: -1,
};

/** The column a node belongs in: producers, routers, stores, groups, consumers. */
export function nodeLayer(node: FlowNode): number {
  if (node.role !== 'service') return roleLayer[node.role];
  if (node.consumes) return consumerLayer;
  if (node.produces) return 0;
  return node.hintsConsumer ? consumerLayer : 0;
}

function columnTitle(nodes: readonly FlowNode[], layer: number): string {
  if (layer === 0) return 'Producers';
  if (layer === consumerLayer) return 'Consumers';
  const roles = new Set(nodes.map((n) => n.role));
  const names: Record<string, string> = {
    exchange: 'Exchanges',
    channel: 'Channels',
    pattern: 'Patterns',
    topic: 'Topics',
    subject: 'Subjects',
    queue: 'Queues',
    stream: 'Streams',
    partition: 'Partitions',
    group: 'Consumer groups',
  };
  return [...roles].map((r) => names[r] ?? r).join(' · ');
}

/**
 * Lays the graph out in layers (producers → exchanges/channels/topics → queues/partitions →
 * groups → consumers), ordering each layer by the mean row of its neighbours so lines cross
 * less. Deterministic: the same graph always gives the same picture.
 */
export function layoutFlow(graph: FlowGraph): FlowLayout {
  const m = layoutMetrics;
  const byLayer = new Map<number, FlowNode[]>();
  for (const node of graph.nodes.values()) {
    if (node.role === 'broker') continue;
    const layer = nodeLayer(node);
    const list = byLayer.get(layer);
    if (list) list.push(node);
    else byLayer.set(layer, [node]);
  }
  const layers = [...byLayer.keys()].sort((a, b) => a - b);
  const columns = layers.map((layer) =>
    (byLayer.get(layer) ?? []).sort((a, b) => a.order - b.order),
  );

  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const edge of graph.edges.values()) {
    push(incoming, edge.to, edge.from);
    push(outgoing, edge.from, edge.to);
  }
  // Partitions hang off their topic even before a record reaches them.
  for (const node of graph.nodes.values()) {
    if (node.parent !== undefined) push(incoming, node.id, node.parent);
  }

  const rank = new Map<string, number>();
  const setRanks = (column: readonly FlowNode[]): void =>
    column.forEach((node, index) => rank.set(node.id, index));
  columns.forEach(setRanks);

  const barycenter = (node: FlowNode, neighbours: Map<string, string[]>): number => {
    const around = (neighbours.get(node.id) ?? []).filter((id) => rank.has(id));
    if (around.length === 0) return Number.POSITIVE_INFINITY;
    return around.reduce((sum, id) => sum + (rank.get(id) ?? 0), 0) / around.length;
  };
  const reorder = (column: FlowNode[], neighbours: Map<string, string[]>): void => {
    const keyed = column.map((node) => ({
      node,
      key: barycenter(node, neighbours),
      fallback: rank.get(node.id) ?? 0,
    }));
    keyed.sort(
      (a, b) =>
        a.key - b.key ||
        (a.node.partition ?? 0) - (b.node.partition ?? 0) ||
        a.fallback - b.fallback ||
        a.node.order - b.node.order,
    );
    column.splice(0, column.length, ...keyed.map((k) => k.node));
    setRanks(column);
  };
  for (let i = 1; i < columns.length; i++) reorder(columns[i] ?? [], incoming);
  if (columns.length > 1) reorder(columns[0] ?? [], outgoing);

  const tallest = Math.max(1, ...columns.map((c) => c.length));
  const innerHeight = tallest * m.nodeHeight + (tallest - 1) * m.rowGap;
  const height = m.padTop + innerHeight + m.padBottom;
  const width =
    m.padX * 2 + columns.length * m.nodeWidth + Math.max(0, columns.length - 1) * m.columnGap;

  const placed = new Map<string, PlacedNode>();
  const columnTitles: { x: number; title: string }[] = [];
  columns.forEach((column, columnIndex) => {
    const x = m.padX + columnIndex * (m.nodeWidth + m.columnGap) + m.nodeWidth / 2;
    const used = column.length * m.nodeHeight + (column.length - 1) * m.rowGap;
    const top = m.padTop + (innerHeight - used) / 2;
    column.forEach((node, row) => {
      placed.set(node.id, {
        node,
        x,
        y: top + row * (m.nodeHeight + m.rowGap) + m.nodeHeight / 2,
        width: m.nodeWidth,
        height: m.nodeHeight,
        column: columnIndex,
      });
    });
    columnTitles.push({ x, title: columnTitle(column, layers[columnIndex] ?? 0) });
  });

  const edges: PlacedEdge[] = [];
  for (const edge of graph.edges.values()) {
    const a = placed.get(edge.from);
    const b = placed.get(edge.to);
    if (!a || !b) continue;
    edges.push(placeEdge(edge, a, b, height));
  }
  return { width, height, nodes: placed, edges, columns: columnTitles };
}

function placeEdge(edge: FlowEdge, a: PlacedNode, b: PlacedNode, height: number): PlacedEdge {
  if (b.column > a.column) {
    const start = { x: a.x + a.width / 2, y: a.y };
    const end = { x: b.x - b.width / 2, y: b.y };
    const bend = (end.x - start.x) / 2;
    return {
      edge,
      backward: false,
      points: [start, { x: start.x + bend, y: start.y }, { x: end.x - bend, y: end.y }, end],
    };
  }
  // Backward or same-column: leave from the bottom and loop under, so it never hides a forward line.
  const start = { x: a.x, y: a.y + a.height / 2 };
  const end = { x: b.x, y: b.y + b.height / 2 };
  const dip = Math.min(height - 4, Math.max(start.y, end.y) + 40);
  return {
    edge,
    backward: true,
    points: [start, { x: start.x, y: dip }, { x: end.x, y: dip }, end],
  };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A point on a cubic Bézier at t ∈ [0, 1]; used to sample keyframes for moving dots. */
export function pointOnCurve(points: readonly [Point, Point, Point, Point], t: number): Point {
  const [p0, p1, p2, p3] = points;
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return {
    x: a * p0.x + b * p1.x + c * p2.x + d * p3.x,
    y: a * p0.y + b * p1.y + c * p2.y + d * p3.y,
  };
}

/** The SVG `d` attribute of a placed edge. */
export function edgePathData(points: readonly [Point, Point, Point, Point]): string {
  const [p0, p1, p2, p3] = points;
  const f = (n: number): string => String(Math.round(n * 10) / 10);
  return `M${f(p0.x)} ${f(p0.y)} C${f(p1.x)} ${f(p1.y)} ${f(p2.x)} ${f(p2.y)} ${f(p3.x)} ${f(p3.y)}`;
}
