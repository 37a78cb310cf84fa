import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../broker/core/trace-event';
import { FlowModel } from './flow-model';
import { accessibleName, describeNode } from './node-description';

type Hop = Partial<TraceEvent> & Pick<TraceEvent, 'kind' | 'from' | 'to'>;

/** Folds the events and describes one node, as the figure names that node's box. */
function boxText(events: readonly Hop[], id: string): { line: string; name: string } {
  const model = new FlowModel();
  events.forEach((event, i) => model.apply({ seq: i + 1, time: i, model: 'amqp', ...event }));
  const node = model.graph.nodes.get(id);
  if (!node) throw new Error(`no node ${id}`);
  const description = describeNode(node, model.counters, model.graph);
  return { line: description.line, name: accessibleName(node, description) };
}

const fanout: Hop[] = [
  { kind: 'declared', from: 'order', to: 'exchange:orders', detail: { type: 'fanout' } },
  { kind: 'declared', from: 'billing', to: 'queue:billing' },
  { kind: 'declared', from: 'exchange:orders', to: 'queue:billing' },
  ...['m1', 'm2', 'm3'].flatMap((m): Hop[] => [
    { kind: 'published', from: 'order', to: 'exchange:orders', messageId: m },
    { kind: 'routed', from: 'exchange:orders', to: 'queue:billing', messageId: m },
  ]),
  { kind: 'delivered', from: 'queue:billing', to: 'consumer:billing', messageId: 'm1' },
];

describe('node descriptions (what a box says and what a screen reader hears)', () => {
  it('a queue: ready and unacked', () => {
    expect(boxText(fanout, 'queue:billing')).toEqual({
      line: '2 ready · 1 unacked',
      name: 'queue billing: 2 ready · 1 unacked',
    });
  });

  it('a queue that lost messages lists what went wrong after its numbers', () => {
    const events: Hop[] = [
      ...fanout,
      { kind: 'dropped', from: 'queue:billing', to: 'billing', messageId: 'm2', reason: 'fault' },
      { kind: 'expired', from: 'queue:billing', to: 'queue:billing', messageId: 'm3' },
      { kind: 'nacked', from: 'billing', to: 'queue:billing', messageId: 'm1' },
      { kind: 'dead-lettered', from: 'queue:billing', to: 'exchange:dlx', messageId: 'm1' },
    ];
    expect(boxText(events, 'queue:billing').name).toBe(
      'queue billing: 0 ready · 0 unacked; 1 dead-lettered; 1 dropped; 1 expired',
    );
  });

  it('an exchange: its type, then how many came in', () => {
    expect(boxText(fanout, 'exchange:orders')).toEqual({
      line: 'fanout · 3 in',
      name: 'exchange orders: fanout · 3 in',
    });
  });

  it('services: producer or consumer, with the button hint', () => {
    expect(boxText(fanout, 'order')).toEqual({
      line: '3 published',
      name: 'service order (producer): 3 published. Show its events in the log',
    });
    expect(boxText(fanout, 'billing')).toEqual({
      line: '1 received',
      name: 'service billing (consumer): 1 received. Show its events in the log',
    });
  });

  it('a crashed or disconnected service says so instead of its count', () => {
    const crashed = [...fanout, { kind: 'crashed', from: 'billing', to: 'rabbitmq' } as Hop];
    expect(boxText(crashed, 'billing').line).toBe('crashed');
    const offline = [...fanout, { kind: 'disconnected', from: 'billing', to: 'rabbitmq' } as Hop];
    expect(boxText(offline, 'billing').line).toBe('disconnected');
  });

  const kafka: Hop[] = [
    { kind: 'declared', from: 'admin', to: 'topic:orders', detail: { partitions: 2 } },
    ...[0, 1, 2].flatMap((i): Hop[] => [
      { kind: 'published', from: 'producer:order', to: 'topic:orders', messageId: `m${i}` },
      {
        kind: 'routed',
        from: 'topic:orders',
        to: 'topic:orders/0',
        messageId: `m${i}`,
        detail: { partition: 0, offset: String(i) },
      },
    ]),
    {
      kind: 'delivered',
      from: 'topic:orders/0',
      to: 'consumer:billing',
      messageId: 'm0',
      detail: { groupId: 'billing', partition: 0, offset: '0' },
    },
    {
      kind: 'committed',
      from: 'consumer:billing',
      to: 'group:billing',
      detail: { topic: 'orders', partition: 0, offset: '1' },
    },
  ];

  it('a partition: log end, worst lag, then each group’s lag and commit', () => {
    expect(boxText(kafka, 'topic:orders/0')).toEqual({
      line: 'end 3 · lag 2',
      name: 'partition orders / 0: end 3 · lag 2; group billing lag 2 (committed 1)',
    });
  });

  it('a partition nobody reads has no lag', () => {
    expect(boxText(kafka, 'topic:orders/1')).toEqual({
      line: 'end 0',
      name: 'partition orders / 1: end 0',
    });
  });

  it('a topic counts its partitions; a group counts what its members received', () => {
    expect(boxText(kafka, 'topic:orders').name).toBe('topic orders: 2 partitions');
    expect(boxText(kafka, 'group:billing').name).toBe('consumer group billing: 1 received');
  });

  it('a stream: entries and pending', () => {
    const events: Hop[] = [
      { kind: 'published', from: 'order', to: 'stream:events', messageId: 'e1' },
      { kind: 'published', from: 'order', to: 'stream:events', messageId: 'e2' },
      { kind: 'delivered', from: 'stream:events', to: 'audit', messageId: 'e1' },
    ];
    expect(boxText(events, 'stream:events').name).toBe('stream events: 2 entries · 1 pending');
  });
});
