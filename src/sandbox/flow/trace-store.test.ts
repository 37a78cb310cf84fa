import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../broker/core/trace-event';
import { matchesFilter, servicesOf, TraceStore } from './trace-store';

let seq = 0;
function ev(partial: Partial<TraceEvent> & Pick<TraceEvent, 'kind' | 'from' | 'to'>): TraceEvent {
  seq++;
  return { seq, time: seq, model: 'redis', ...partial };
}

describe('TraceStore', () => {
  const events = [
    ev({ kind: 'published', from: 'news', to: 'channel:sport', messageId: 'm1' }),
    ev({ kind: 'delivered', from: 'channel:sport', to: 'consumer:email', messageId: 'm1' }),
    ev({ kind: 'delivered', from: 'channel:sport', to: 'consumer:sms', messageId: 'm1' }),
    ev({ kind: 'published', from: 'news', to: 'channel:sport', messageId: 'm2' }),
    ev({
      kind: 'dropped',
      from: 'channel:sport',
      to: 'consumer:sms',
      messageId: 'm2',
      reason: 'fault',
    }),
  ];

  it('keeps every hop of a message in order', () => {
    const store = new TraceStore();
    events.forEach((e) => store.add(e));
    expect(store.paths.of('m1')).toEqual([0, 1, 2]);
    expect(store.paths.of('m2')).toEqual([3, 4]);
    expect(store.paths.of('nope')).toEqual([]);
    expect([...store.services].sort()).toEqual(['email', 'news', 'sms']);
    expect([...store.kinds].sort()).toEqual(['delivered', 'dropped', 'published']);
  });

  it('filters by service and kind, also for events arriving after the filter was set', () => {
    const store = new TraceStore();
    store.add(events[0] as TraceEvent);
    store.setFilter({ service: 'sms' });
    events.slice(1).forEach((e) => store.add(e));
    expect(store.matchingCount()).toBe(2);
    expect(store.matchingAt(0)).toBe(2);
    expect(store.matchingAt(1)).toBe(4);
    store.setFilter({ service: 'sms', kind: 'dropped' });
    expect(store.matchingCount()).toBe(1);
    store.setFilter({ kind: 'published' });
    expect(store.matchingCount()).toBe(2);
    // Up to the replay cursor: only events before index 3 count.
    expect(store.matchingCount(3)).toBe(1);
    expect(store.positionOf(3)).toBe(1);
    expect(store.positionOf(2)).toBe(-1);
  });

  it('matches services whatever client prefix the broker used', () => {
    expect(servicesOf({ from: 'channel:a', to: 'subscriber:email' })).toEqual(['email']);
    expect(matchesFilter(events[1] as TraceEvent, { service: 'email' })).toBe(true);
    expect(matchesFilter(events[1] as TraceEvent, { service: 'sms' })).toBe(false);
  });

  it('clears for a new run', () => {
    const store = new TraceStore();
    events.forEach((e) => store.add(e));
    store.clear();
    expect(store.events).toHaveLength(0);
    expect(store.matchingCount()).toBe(0);
    expect(store.paths.size).toBe(0);
  });
});
