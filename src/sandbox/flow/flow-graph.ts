import type { TraceEvent, TraceKind } from '../../broker/core/trace-event';
import {
  endpoint,
  parseEndpoint,
  type Endpoint,
  type EndpointRole,
} from '../../broker/core/endpoint';

/** A box in the figure: a service or a broker part (exchange, channel, queue, partition…). */
export interface FlowNode {
  readonly id: string;
  readonly role: EndpointRole;
  readonly label: string;
  /** For partitions: the topic node they belong to. */
  readonly parent?: string;
  readonly partition?: number;
  /** First-seen order, so the layout is stable as nodes arrive. */
  readonly order: number;
  /** Strong evidence: this service published / had something delivered to it. */
  produces: boolean;
  consumes: boolean;
  /** Weak evidence from declarations (a service asserting a queue is probably its consumer). */
  hintsConsumer: boolean;
  /** Short extra line under the label, e.g. an exchange's type (`fanout`). */
  note?: string;
  /** Service state from crashed / restarted / disconnected events. */
  state: 'up' | 'crashed' | 'offline';
}

/** A line in the figure along which messages travel. */
export interface FlowEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** A declared binding (drawn dashed until a message uses it). */
  binding: boolean;
  /** How many message hops went along it. */
  count: number;
  /** Binding / routing key shown on hover. */
  key?: string;
}

// Hops that carry a message forward and so deserve a drawn line.
const edgeKinds = new Set<TraceKind>([
  'published',
  'routed',
  'delivered',
  'redelivered',
  'dead-lettered',
  'duplicated',
  'delayed',
  'rebalanced',
]);

/** Kinds that travel back along a delivery line (consumer → queue), never drawing a new one. */
export const backwardKinds: ReadonlySet<TraceKind> = new Set<TraceKind>([
  'acked',
  'nacked',
  'requeued',
  'committed',
  'returned',
]);

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * The node ids one trace event passes through, in order. Partitions are reached through their
 * topic, and a group's member is reached through its group, so the figure shows the broker's
 * structure rather than a flat line.
 *
 * @example
 * eventPath({ kind: 'published', from: 'order', to: 'topic:orders/1', … }); // ['order', 'topic:orders', 'topic:orders/1']
 */
export function eventPath(event: Pick<TraceEvent, 'from' | 'to' | 'kind' | 'detail'>): string[] {
  const from = parseEndpoint(event.from);
  const to = parseEndpoint(event.to);
  if (from.role === 'broker' && to.role === 'broker') return [];
  if (from.role === 'broker') return [to.id];
  if (to.role === 'broker') return [from.id];
  if (from.id === to.id) return [from.id];
  const path = [from.id];
  if (to.role === 'partition' && to.parent !== undefined && from.id !== to.parent) {
    if (from.role !== 'partition' && from.role !== 'group') path.push(to.parent);
  }
  const group = text(event.detail?.['group']) ?? text(event.detail?.['groupId']);
  if (
    group !== undefined &&
    to.role === 'service' &&
    (from.role === 'partition' || from.role === 'stream' || from.role === 'topic')
  ) {
    path.push(endpoint.group(group));
  }
  if (
    group !== undefined &&
    from.role === 'service' &&
    (to.role === 'partition' || to.role === 'stream') &&
    backwardKinds.has(event.kind)
  ) {
    // A commit or ack from a member goes back through its group.
    path.push(endpoint.group(group));
  }
  path.push(to.id);
  return path;
}

/**
 * The figure's graph, grown one trace event at a time. `version` changes whenever a node or an
 * edge appears, so the view re-lays out only then.
 */
export class FlowGraph {
  readonly nodes = new Map<string, FlowNode>();
  readonly edges = new Map<string, FlowEdge>();
  /** Bumped on every structural change (new node, new edge, new label). */
  version = 0;

  /** Folds one event in; returns the path it travelled (node ids) for the animation. */
  apply(event: TraceEvent): string[] {
    const from = parseEndpoint(event.from);
    const to = parseEndpoint(event.to);
    const path = eventPath(event);
    // A client that only declares a router (an admin creating topics) is not worth a box yet.
    const skipFrom = event.kind === 'declared' && from.role === 'service' && !consumerSide(to.role);
    for (const id of path) {
      if (skipFrom && id === from.id) continue;
      this.ensure(id === from.id ? from : id === to.id ? to : parseId(id));
    }

    switch (event.kind) {
      case 'declared':
        this.declared(event, from, to);
        break;
      case 'published':
        if (from.role === 'service') this.mark(from.id, 'produces');
        break;
      case 'delivered':
      case 'redelivered':
      case 'duplicated':
      case 'delayed':
      case 'rebalanced':
        if (to.role === 'service') this.mark(to.id, 'consumes');
        break;
      case 'crashed':
        this.setState(event, 'crashed');
        break;
      case 'disconnected':
        this.setState(event, 'offline');
        break;
      case 'connected':
      case 'restarted':
        this.setState(event, 'up');
        break;
      default:
        break;
    }

    if (edgeKinds.has(event.kind)) {
      for (let i = 1; i < path.length; i++) {
        const edge = this.edge(path[i - 1] ?? '', path[i] ?? '');
        edge.count++;
        if (edge.binding) {
          edge.binding = false;
          this.version++;
        }
      }
    }
    return path;
  }

  private declared(event: TraceEvent, from: Endpoint, to: Endpoint): void {
    const declaredNode = this.nodes.get(to.id);
    const type = text(event.detail?.['type']);
    if (declaredNode && type !== undefined && declaredNode.note !== type) {
      declaredNode.note = type;
      this.version++;
    }
    const partitions = event.detail?.['partitions'];
    if (to.role === 'topic' && typeof partitions === 'number') {
      for (let p = 0; p < Math.min(partitions, 64); p++)
        this.ensure(parseEndpoint(endpoint.topicPartition(to.label, p)));
    }
    if (from.role === 'service') {
      if (consumerSide(to.role)) this.mark(from.id, 'hintsConsumer');
      return;
    }
    if (from.role !== 'broker' && to.role !== 'broker' && from.id !== to.id) {
      // A binding: broker part → broker part, before any message uses it.
      const known = this.edges.has(`${from.id}->${to.id}`);
      const edge = this.edge(from.id, to.id);
      if (!known) edge.binding = true;
      const key =
        text(event.detail?.['bindingKey']) ??
        text(event.detail?.['routingKey']) ??
        text(event.detail?.['pattern']);
      if (key !== undefined && edge.key !== key) {
        edge.key = edge.key === undefined ? key : `${edge.key}, ${key}`;
        this.version++;
      }
    }
  }

  private setState(event: TraceEvent, state: FlowNode['state']): void {
    for (const raw of [event.from, event.to]) {
      const endpoint = parseEndpoint(raw);
      if (endpoint.role !== 'service') continue;
      const node = this.ensure(endpoint);
      if (node.state !== state) {
        node.state = state;
        this.version++;
      }
    }
  }

  private mark(id: string, flag: 'produces' | 'consumes' | 'hintsConsumer'): void {
    const node = this.nodes.get(id);
    if (node && !node[flag]) {
      node[flag] = true;
      this.version++;
    }
  }

  private ensure(endpoint: Endpoint): FlowNode {
    const known = this.nodes.get(endpoint.id);
    if (known) return known;
    if (endpoint.parent !== undefined) this.ensure(parseId(endpoint.parent));
    const node: FlowNode = {
      id: endpoint.id,
      role: endpoint.role,
      label: endpoint.label,
      ...(endpoint.parent !== undefined ? { parent: endpoint.parent } : {}),
      ...(endpoint.partition !== undefined ? { partition: endpoint.partition } : {}),
      order: this.nodes.size,
      produces: false,
      consumes: false,
      hintsConsumer: false,
      state: 'up',
    };
    this.nodes.set(node.id, node);
    this.version++;
    return node;
  }

  private edge(from: string, to: string): FlowEdge {
    const id = `${from}->${to}`;
    let edge = this.edges.get(id);
    if (!edge) {
      edge = { id, from, to, binding: false, count: 0 };
      this.edges.set(id, edge);
      this.version++;
    }
    return edge;
  }
}

// Declaring one of these is what a consumer does before it listens.
function consumerSide(role: EndpointRole): boolean {
  return (
    role === 'queue' ||
    role === 'stream' ||
    role === 'channel' ||
    role === 'pattern' ||
    role === 'group' ||
    role === 'subject'
  );
}

// Node ids are endpoint strings already (services are bare names), so they re-parse to themselves.
function parseId(id: string): Endpoint {
  return parseEndpoint(id);
}
