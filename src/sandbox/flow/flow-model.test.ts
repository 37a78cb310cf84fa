import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../broker/core/trace-event';
import { parseEndpoint } from '../../broker/core/endpoint';
import { eventPath, FlowGraph } from './flow-graph';
import { FlowCounters } from './flow-counters';
import { layoutFlow, nodeLayer } from './flow-layout';
import { flowStateAt, FlowModel, replayDelay } from './flow-model';

let seq = 0;
function ev(partial: Partial<TraceEvent> & Pick<TraceEvent, 'kind' | 'from' | 'to'>): TraceEvent {
  seq++;
  return { seq, time: seq * 10, model: 'amqp', ...partial };
}

/** The e-commerce fan-out: order → exchange:orders → four queues → four services. */
function ecommerce(): TraceEvent[] {
  const services = ['inventory', 'notification', 'billing', 'shipping'];
  const events: TraceEvent[] = [
    ev({ kind: 'declared', from: 'order', to: 'exchange:orders', detail: { type: 'fanout' } }),
  ];
  for (const s of services) {
    events.push(ev({ kind: 'declared', from: s, to: `queue:${s}` }));
    events.push(
      ev({
        kind: 'declared',
        from: 'exchange:orders',
        to: `queue:${s}`,
        detail: { bindingKey: '' },
      }),
    );
  }
  for (const m of ['m1', 'm2']) {
    events.push(
      ev({ kind: 'published', from: 'order', to: 'exchange:orders', messageId: m, payload: '{}' }),
    );
    for (const s of services) {
      events.push(ev({ kind: 'routed', from: 'exchange:orders', to: `queue:${s}`, messageId: m }));
    }
  }
  return events;
}

describe('parseEndpoint', () => {
  it('folds client prefixes into one service node and splits partitions from topics', () => {
    expect(parseEndpoint('consumer:billing')).toMatchObject({ id: 'billing', role: 'service' });
    expect(parseEndpoint('billing')).toMatchObject({ id: 'billing', role: 'service' });
    expect(parseEndpoint('topic:orders/3')).toMatchObject({
      role: 'partition',
      parent: 'topic:orders',
      partition: 3,
    });
    expect(parseEndpoint('topic:orders')).toMatchObject({ role: 'topic', label: 'orders' });
    expect(parseEndpoint('exchange:')).toMatchObject({ role: 'exchange', label: '(default)' });
  });
});

describe('FlowGraph', () => {
  it('builds producer → exchange → queues → consumers for a fan-out', () => {
    const model = new FlowModel();
    for (const e of ecommerce()) model.apply(e);
    for (const s of ['inventory', 'notification', 'billing', 'shipping']) {
      model.apply(
        ev({ kind: 'delivered', from: `queue:${s}`, to: `consumer:${s}`, messageId: 'm1' }),
      );
    }
    const g = model.graph;
    expect(g.nodes.get('exchange:orders')?.note).toBe('fanout');
    expect(g.edges.get('exchange:orders->queue:billing')).toMatchObject({
      binding: false,
      count: 2,
    });
    expect(g.edges.get('queue:billing->billing')).toMatchObject({ count: 1 });
    const layout = layoutFlow(g);
    expect(layout.columns.map((c) => c.title)).toEqual([
      'Producers',
      'Exchanges',
      'Queues',
      'Consumers',
    ]);
    const column = (id: string): number | undefined => layout.nodes.get(id)?.column;
    expect(column('order')).toBe(0);
    expect(column('exchange:orders')).toBe(1);
    expect(column('queue:shipping')).toBe(2);
    expect(column('shipping')).toBe(3);
    // Each consumer sits on the row of its own queue: no crossing lines.
    for (const s of ['inventory', 'notification', 'billing', 'shipping']) {
      expect(layout.nodes.get(s)?.y).toBe(layout.nodes.get(`queue:${s}`)?.y);
    }
  });

  it('keeps declared bindings dashed until a message uses them', () => {
    const g = new FlowGraph();
    g.apply(ev({ kind: 'declared', from: 'exchange:logs', to: 'queue:a' }));
    expect(g.edges.get('exchange:logs->queue:a')?.binding).toBe(true);
    g.apply(ev({ kind: 'routed', from: 'exchange:logs', to: 'queue:a', messageId: 'm1' }));
    expect(g.edges.get('exchange:logs->queue:a')?.binding).toBe(false);
  });

  it('routes kafka records through topic → partition → group → member', () => {
    const g = new FlowGraph();
    g.apply(
      ev({
        kind: 'declared',
        model: 'kafka',
        from: 'admin',
        to: 'topic:orders',
        detail: { partitions: 3 },
      }),
    );
    expect([...g.nodes.keys()].filter((id) => id.startsWith('topic:orders/'))).toHaveLength(3);
    const path = g.apply(
      ev({
        kind: 'published',
        model: 'kafka',
        from: 'order',
        to: 'topic:orders/1',
        messageId: 'm1',
      }),
    );
    expect(path).toEqual(['order', 'topic:orders', 'topic:orders/1']);
    const delivery = g.apply(
      ev({
        kind: 'delivered',
        model: 'kafka',
        from: 'topic:orders/1',
        to: 'billing-1',
        messageId: 'm1',
        detail: { group: 'billing', offset: '0' },
      }),
    );
    expect(delivery).toEqual(['topic:orders/1', 'group:billing', 'billing-1']);
    const layout = layoutFlow(g);
    expect(layout.columns.map((c) => c.title)).toEqual([
      'Producers',
      'Topics',
      'Partitions',
      'Consumer groups',
      'Consumers',
    ]);
    // admin only declared: it is not a node of the figure.
    expect(g.nodes.has('admin')).toBe(false);
    // Partitions stay in partition order under their topic.
    const ys = [0, 1, 2].map((p) => layout.nodes.get(`topic:orders/${p}`)?.y ?? 0);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
  });

  it('puts a service that publishes and consumes among the consumers and draws its publish backward', () => {
    const g = new FlowGraph();
    g.apply(ev({ kind: 'published', from: 'order', to: 'exchange:orders', messageId: 'm1' }));
    g.apply(ev({ kind: 'routed', from: 'exchange:orders', to: 'queue:billing', messageId: 'm1' }));
    g.apply(ev({ kind: 'delivered', from: 'queue:billing', to: 'billing', messageId: 'm1' }));
    g.apply(ev({ kind: 'published', from: 'billing', to: 'exchange:payments', messageId: 'm2' }));
    const billing = g.nodes.get('billing');
    expect(billing && nodeLayer(billing)).toBe(4);
    const layout = layoutFlow(g);
    expect(layout.edges.find((e) => e.edge.id === 'billing->exchange:payments')?.backward).toBe(
      true,
    );
    expect(layout.edges.find((e) => e.edge.id === 'order->exchange:orders')?.backward).toBe(false);
  });

  it('marks crashed and restarted services', () => {
    const g = new FlowGraph();
    g.apply(ev({ kind: 'connected', from: 'billing', to: 'broker' }));
    g.apply(ev({ kind: 'crashed', from: 'billing', to: 'broker' }));
    expect(g.nodes.get('billing')?.state).toBe('crashed');
    g.apply(ev({ kind: 'restarted', from: 'billing', to: 'broker' }));
    expect(g.nodes.get('billing')?.state).toBe('up');
  });

  it('eventPath ignores the broker pseudo-endpoint', () => {
    expect(eventPath({ kind: 'connected', from: 'billing', to: 'broker' })).toEqual(['billing']);
  });
});

describe('FlowCounters', () => {
  it('counts depth and unacked per queue through deliver, ack, crash requeue and redelivery', () => {
    const c = new FlowCounters();
    for (const e of ecommerce()) c.apply(e);
    expect(c.of('queue:billing').ready).toBe(2);
    c.apply(
      ev({ kind: 'delivered', from: 'queue:billing', to: 'consumer:billing', messageId: 'm1' }),
    );
    c.apply(
      ev({ kind: 'delivered', from: 'queue:billing', to: 'consumer:billing', messageId: 'm2' }),
    );
    expect(c.of('queue:billing')).toMatchObject({ ready: 0, unacked: 2 });
    c.apply(ev({ kind: 'acked', from: 'consumer:billing', to: 'queue:billing', messageId: 'm1' }));
    expect(c.of('queue:billing')).toMatchObject({ ready: 0, unacked: 1 });
    // The consumer crashes: its unacked message goes back to the queue…
    c.apply(
      ev({ kind: 'requeued', from: 'consumer:billing', to: 'queue:billing', messageId: 'm2' }),
    );
    expect(c.of('queue:billing')).toMatchObject({ ready: 1, unacked: 0 });
    // …and is redelivered after the restart.
    c.apply(
      ev({
        kind: 'redelivered',
        from: 'queue:billing',
        to: 'consumer:billing',
        messageId: 'm2',
        detail: { redelivered: true },
      }),
    );
    expect(c.of('queue:billing')).toMatchObject({ ready: 0, unacked: 1, redelivered: 1 });
    expect(c.totals.redelivered).toBe(1);
    // Other queues are untouched by billing's story.
    expect(c.of('queue:shipping')).toMatchObject({ ready: 2, unacked: 0 });
  });

  it('finds the queue of an ack that names only the consumer', () => {
    const c = new FlowCounters();
    c.apply(ev({ kind: 'routed', from: 'exchange:x', to: 'queue:q', messageId: 'm9' }));
    c.apply(ev({ kind: 'delivered', from: 'queue:q', to: 'worker', messageId: 'm9' }));
    c.apply(ev({ kind: 'acked', from: 'worker', to: 'broker', messageId: 'm9' }));
    expect(c.of('queue:q')).toMatchObject({ ready: 0, unacked: 0 });
  });

  it('counts dead-letters, expiries and drops where they happen', () => {
    const c = new FlowCounters();
    c.apply(ev({ kind: 'routed', from: 'exchange:x', to: 'queue:q', messageId: 'a' }));
    c.apply(ev({ kind: 'routed', from: 'exchange:x', to: 'queue:q', messageId: 'b' }));
    c.apply(ev({ kind: 'delivered', from: 'queue:q', to: 'w', messageId: 'a' }));
    c.apply(ev({ kind: 'nacked', from: 'w', to: 'queue:q', messageId: 'a', reason: 'rejected' }));
    c.apply(
      ev({
        kind: 'dead-lettered',
        from: 'queue:q',
        to: 'exchange:dlx',
        messageId: 'a',
        reason: 'rejected',
      }),
    );
    c.apply(ev({ kind: 'expired', from: 'queue:q', to: 'queue:q', messageId: 'b', reason: 'ttl' }));
    c.apply(
      ev({
        kind: 'dropped',
        from: 'exchange:x',
        to: 'exchange:x',
        messageId: 'c',
        reason: 'unroutable',
      }),
    );
    expect(c.of('queue:q')).toMatchObject({ ready: 0, unacked: 0, deadLettered: 1, expired: 1 });
    expect(c.of('exchange:x').dropped).toBe(1);
    expect(c.totals).toMatchObject({ deadLettered: 1, expired: 1, dropped: 1 });
  });

  it('does not count auto-acked deliveries as unacked', () => {
    const c = new FlowCounters();
    c.apply(ev({ kind: 'routed', from: 'exchange:x', to: 'queue:q', messageId: 'a' }));
    c.apply(
      ev({ kind: 'delivered', from: 'queue:q', to: 'w', messageId: 'a', detail: { noAck: true } }),
    );
    expect(c.of('queue:q')).toMatchObject({ ready: 0, unacked: 0 });
  });

  it('computes consumer lag per partition and group from log end and commits', () => {
    const c = new FlowCounters();
    for (let offset = 0; offset < 5; offset++) {
      c.apply(
        ev({
          kind: 'published',
          model: 'kafka',
          from: 'p',
          to: 'topic:t/0',
          messageId: `m${offset}`,
          detail: { offset: String(offset) },
        }),
      );
    }
    c.apply(ev({ kind: 'published', model: 'kafka', from: 'p', to: 'topic:t/1', messageId: 'x' }));
    expect(c.of('topic:t/0').logEnd).toBe(5);
    expect(c.of('topic:t/1').logEnd).toBe(1);
    c.apply(
      ev({
        kind: 'delivered',
        model: 'kafka',
        from: 'topic:t/0',
        to: 'c1',
        messageId: 'm0',
        detail: { group: 'g', offset: '0' },
      }),
    );
    c.apply(
      ev({
        kind: 'delivered',
        model: 'kafka',
        from: 'topic:t/0',
        to: 'c1',
        messageId: 'm1',
        detail: { group: 'g', offset: '1' },
      }),
    );
    expect(c.lags()).toEqual([{ partition: 'topic:t/0', group: 'g', lag: 3 }]);
    c.apply(
      ev({
        kind: 'committed',
        model: 'kafka',
        from: 'group:g',
        to: 'topic:t/0',
        detail: { offset: '1' },
      }),
    );
    expect(c.lags()).toEqual([{ partition: 'topic:t/0', group: 'g', lag: 4, committed: 1 }]);
    c.apply(
      ev({
        kind: 'committed',
        model: 'kafka',
        from: 'c1',
        to: 'broker',
        detail: { group: 'g', topic: 't', partition: 0, offset: 5 },
      }),
    );
    expect(c.lags()[0]?.lag).toBe(0);
  });
});

describe('replay', () => {
  it('rebuilds the figure state from the first n events', () => {
    const events = ecommerce();
    const all = flowStateAt(events, events.length);
    expect(all.counters.of('queue:billing').ready).toBe(2);
    const publishOne = events.findIndex((e) => e.kind === 'published' && e.messageId === 'm2');
    const before = flowStateAt(events, publishOne);
    expect(before.counters.of('queue:billing').ready).toBe(1);
    expect(before.counters.totals.published).toBe(1);
    expect(flowStateAt(events, 0).graph.nodes.size).toBe(0);
    expect(flowStateAt(events, 9999).applied).toBe(events.length);
  });

  it('waits the recorded gap scaled by speed, capped at one second', () => {
    const events = [
      ev({ kind: 'published', from: 'a', to: 'channel:c', time: 0 }),
      ev({ kind: 'delivered', from: 'channel:c', to: 'b', time: 400 }),
      ev({ kind: 'delivered', from: 'channel:c', to: 'b', time: 9000 }),
    ];
    expect(replayDelay(events, 0, 1)).toBe(0);
    expect(replayDelay(events, 1, 1)).toBe(400);
    expect(replayDelay(events, 1, 4)).toBe(100);
    expect(replayDelay(events, 2, 1)).toBe(1000);
  });
});

describe('synthetic trace (used by the benchmark)', () => {
  it('keeps the counters consistent over thousands of events', async () => {
    const { createSyntheticTrace } = await import('./synthetic-trace');
    const next = createSyntheticTrace({ seed: 3, trouble: 0.2 });
    const model = new FlowModel();
    for (let i = 0; i < 5000; i++) model.apply(next(i));
    for (const s of ['inventory', 'notification', 'billing', 'shipping']) {
      const c = model.counters.of(`queue:${s}`);
      // Every message is settled right after it is routed, so nothing can be left over but the tail.
      expect(c.ready + c.unacked).toBeLessThanOrEqual(2);
      expect(c.ready).toBeGreaterThanOrEqual(0);
      expect(c.unacked).toBeGreaterThanOrEqual(0);
    }
    const t = model.counters.totals;
    expect(t.deadLettered).toBeGreaterThan(0);
    expect(t.dropped).toBeGreaterThan(0);
    expect(t.redelivered).toBeGreaterThan(0);
    expect(model.graph.nodes.has('queue:dead-letters')).toBe(true);
  });
});

describe('endpoints as the broker models write them', () => {
  it('treats rabbitmq/redis/broker as the broker and admin:/producer:/consumer: as services', () => {
    expect(parseEndpoint('rabbitmq').role).toBe('broker');
    expect(parseEndpoint('redis').role).toBe('broker');
    expect(parseEndpoint('admin:order')).toMatchObject({ id: 'order', role: 'service' });
    expect(parseEndpoint('consumer:billing#2')).toMatchObject({ id: 'billing#2', role: 'service' });
  });

  it('follows a kafkajs-shaped trace: publish → topic → partition → group → consumer, with lag', () => {
    const model = new FlowModel();
    const k = (e: Partial<TraceEvent> & Pick<TraceEvent, 'kind' | 'from' | 'to'>): TraceEvent =>
      ev({ model: 'kafka', ...e });
    model.apply(
      k({ kind: 'declared', from: 'admin', to: 'topic:orders', detail: { partitions: 2 } }),
    );
    model.apply(k({ kind: 'connected', from: 'consumer:billing', to: 'broker' }));
    for (let i = 0; i < 3; i++) {
      model.apply(
        k({ kind: 'published', from: 'producer:order', to: 'topic:orders', messageId: `m${i}` }),
      );
      model.apply(
        k({
          kind: 'routed',
          from: 'topic:orders',
          to: 'topic:orders/0',
          messageId: `m${i}`,
          detail: { partition: 0, offset: String(i) },
        }),
      );
    }
    const path = model.apply(
      k({
        kind: 'delivered',
        from: 'topic:orders/0',
        to: 'consumer:billing',
        messageId: 'm0',
        detail: { groupId: 'billing', partition: 0, offset: '0' },
      }),
    );
    expect(path).toEqual(['topic:orders/0', 'group:billing', 'billing']);
    model.apply(
      k({
        kind: 'committed',
        from: 'consumer:billing',
        to: 'group:billing',
        detail: { topic: 'orders', partition: 0, offset: '1' },
      }),
    );
    expect(model.counters.of('topic:orders/0').logEnd).toBe(3);
    expect(model.counters.of('group:billing').received).toBe(1);
    expect(model.counters.lags()).toEqual([
      { partition: 'topic:orders/0', group: 'billing', lag: 2, committed: 1 },
    ]);
    const layout = layoutFlow(model.graph);
    expect(layout.nodes.get('order')?.column).toBe(0);
    expect(layout.nodes.get('billing')?.column).toBe(4);
    expect(model.graph.nodes.has('broker')).toBe(false);
  });
});
