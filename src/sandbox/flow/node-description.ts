import type { FlowCounters } from './flow-counters';
import type { FlowGraph, FlowNode } from './flow-graph';

/** What one box of the figure says about itself. */
export interface NodeDescription {
  /** The short counter line drawn on the box (`2 ready · 1 unacked`). */
  readonly line: string;
  /** Everything, for the box's tooltip and accessible name (`queue billing: 2 ready · …; 1 dropped`). */
  readonly full: string;
}

/**
 * Describes one node from the counters: its kind and name, its main numbers, then whatever
 * went wrong there (dead-lettered, dropped, expired, redelivered, duplicated) and, for a
 * partition, every group's lag. The same words are the box's drawn line, its tooltip and what a
 * screen reader says, so a reader who cannot see the diagram gets the same numbers.
 *
 * @example
 * describeNode(queueNode, model.counters, model.graph);
 * // { line: '2 ready · 1 unacked', full: 'queue billing: 2 ready · 1 unacked; 1 dropped' }
 */
export function describeNode(
  node: FlowNode,
  counters: FlowCounters,
  graph: FlowGraph,
): NodeDescription {
  const c = counters.of(node.id);
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
      const partitions = [...graph.nodes.values()].filter((n) => n.parent === node.id).length;
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

/** The accessible name of a box: a service box is a button, so it also says what it does. */
export function accessibleName(node: FlowNode, description: NodeDescription): string {
  return node.role === 'service'
    ? `${description.full}. Show its events in the log`
    : description.full;
}
