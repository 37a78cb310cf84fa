import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../broker/core/trace-event';
import type { OutputLine } from '../contract';
import { batchLimits, type RunToPage } from './frame-protocol';
import { createRelay } from './relay-budget';
import { checkRunMessage } from './run-message-guard';

type Batch = Extract<RunToPage, { t: 'batch' }>;

function relayOnAClock(tracePerWindow = 3) {
  let clock = 0;
  const sent: Batch[] = [];
  const pending: Array<() => void> = [];
  const relay = createRelay({
    post: (message) => sent.push(message),
    now: () => clock,
    schedule: (flush) => pending.push(flush),
    windowMs: 100,
    tracePerWindow,
  });
  const runScheduled = () => {
    for (const flush of pending.splice(0)) flush();
  };
  return { relay, sent, runScheduled, advance: (ms: number) => (clock += ms) };
}

const event = (seq: number, fields: Partial<TraceEvent> = {}): TraceEvent => ({
  seq,
  time: seq,
  kind: 'published',
  model: 'redis',
  from: 'user',
  to: 'channel:x',
  ...fields,
});
const line = (text: string): OutputLine => ({ service: 'user', level: 'log', text, time: 0 });
const context = { services: new Set(['user']), files: new Set<string>() };

describe('createRelay', () => {
  it('batches lines and events until the scheduled flush', () => {
    const { relay, sent, runScheduled } = relayOnAClock();
    relay.output(line('a'));
    relay.trace(event(1));
    expect(sent).toEqual([]);
    runScheduled();
    expect(sent).toEqual([{ t: 'batch', output: [line('a')], trace: [event(1)], skipped: 0 }]);
  });

  it('sends at most the budget of events per window and counts the rest', () => {
    const { relay, sent, runScheduled, advance } = relayOnAClock(3);
    for (let seq = 1; seq <= 10; seq += 1) relay.trace(event(seq));
    runScheduled();
    expect(sent[0]?.trace.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(sent[0]?.skipped).toBe(7);
    advance(100);
    relay.trace(event(11));
    runScheduled();
    expect(sent[1]?.trace.map((e) => e.seq)).toEqual([11]);
    expect(sent[1]?.skipped).toBe(0);
  });

  it('flushes at once when a batch is full', () => {
    const { relay, sent } = relayOnAClock(batchLimits.trace);
    for (let i = 0; i < batchLimits.output; i += 1) relay.output(line(String(i)));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.output).toHaveLength(batchLimits.output);
  });

  it('cuts what the page would refuse, so an honest run always passes the guard', () => {
    const { relay, sent, runScheduled } = relayOnAClock();
    relay.output(line('x'.repeat(50_000_000 / 100)));
    relay.trace(
      event(1, {
        payload: 'p'.repeat(100_000),
        from: 'f'.repeat(10_000),
        detail: {
          headers: { nested: { deeper: { deepest: 1 } } },
          bytes: new Uint8Array([1, 2, 3]),
          list: Array.from({ length: 200 }, (_, i) => ({ i })),
          huge: 'h'.repeat(100_000),
        },
      }),
    );
    runScheduled();
    const batch = sent[0] as Batch;
    expect(batch.output[0]?.text.length).toBe(batchLimits.text);
    expect(batch.output[0]?.text).toMatch(/\[truncated: the line had 500,000 characters\]$/);
    expect(batch.trace[0]?.payload?.length).toBe(batchLimits.payload);
    expect(() => checkRunMessage(batch, context)).not.toThrow();
  });
});
