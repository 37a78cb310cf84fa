import { describe, expect, it } from 'vitest';
import { batchLimits } from './frame-protocol';
import { checkFrameMessage, checkRunMessage, MalformedMessage } from './run-message-guard';

const context = { services: new Set(['email', 'user']), files: new Set(['email.ts']) };
const line = { service: 'email', level: 'log', text: 'sent', time: 12 };
const event = { seq: 1, time: 5, kind: 'published', model: 'redis', from: 'user', to: 'channel:x' };
const batch = (fields: Record<string, unknown>) => ({
  t: 'batch',
  output: [],
  trace: [],
  skipped: 0,
  ...fields,
});

describe('checkRunMessage', () => {
  it('passes a well-formed batch and finished message through, rebuilt', () => {
    const checked = checkRunMessage(
      batch({ output: [line], trace: [{ ...event, detail: { partition: 0, key: 'k' } }] }),
      context,
    );
    expect(checked).toEqual(
      batch({ output: [line], trace: [{ ...event, detail: { partition: 0, key: 'k' } }] }),
    );
    expect(
      checkRunMessage({ t: 'finished', result: { reason: 'quiet', failures: [] } }, context),
    ).toEqual({ t: 'finished', result: { reason: 'quiet', failures: [] } });
  });

  it('drops fields it does not know', () => {
    const checked = checkRunMessage(batch({ output: [{ ...line, html: '<img>' }] }), context);
    expect(checked.t === 'batch' && checked.output[0]).toEqual(line);
  });

  const refused: Array<[string, unknown]> = [
    ['null', null],
    ['a number', 7],
    ['an array', []],
    ['an unknown type', { t: 'eval', code: '1' }],
    ['a line from a service that is not here', batch({ output: [{ ...line, service: 'x' }] })],
    ['a line of an unknown level', batch({ output: [{ ...line, level: 'html' }] })],
    ['a line whose text is not text', batch({ output: [{ ...line, text: { toString: 1 } }] })],
    [
      'a line longer than the limit',
      batch({ output: [{ ...line, text: 'x'.repeat(batchLimits.text + 1) }] }),
    ],
    ['a line at an infinite time', batch({ output: [{ ...line, time: Infinity }] })],
    [
      'a location in a file that is not here',
      batch({ output: [{ ...line, location: { file: 'other.ts', line: 1, column: 1 } }] }),
    ],
    [
      'too many lines',
      batch({ output: Array.from({ length: batchLimits.output + 1 }, () => line) }),
    ],
    ['a trace event of an unknown kind', batch({ trace: [{ ...event, kind: 'hacked' }] })],
    [
      'a trace event whose model is not a model name',
      batch({ trace: [{ ...event, model: '__proto__' }] }),
    ],
    ['a negative seq', batch({ trace: [{ ...event, seq: -1 }] })],
    [
      'a payload over the limit',
      batch({ trace: [{ ...event, payload: 'x'.repeat(batchLimits.payload + 1) }] }),
    ],
    [
      'a detail with a __proto__ field',
      batch({
        trace: [{ ...event, detail: JSON.parse('{"__proto__": {"polluted": 1}}') as unknown }],
      }),
    ],
    [
      'a detail nested too deep',
      batch({ trace: [{ ...event, detail: { a: { b: { c: { d: { e: 1 } } } } } }] }),
    ],
    ['a detail that is not a plain object', batch({ trace: [{ ...event, detail: new Date() }] })],
    ['a skipped count that is not a count', batch({ skipped: -3 })],
    ['a finished run without a reason', { t: 'finished', result: { failures: [] } }],
  ];
  for (const [what, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(() => checkRunMessage(message, context)).toThrow(MalformedMessage);
    });
  }

  it('never lets a message reach Object.prototype', () => {
    try {
      checkRunMessage(
        batch({
          trace: [{ ...event, detail: JSON.parse('{"__proto__": {"polluted": 1}}') as unknown }],
        }),
        context,
      );
    } catch {
      // refused, as above
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('checkFrameMessage', () => {
  it('knows alive and failed, and nothing else', () => {
    expect(checkFrameMessage({ t: 'alive' })).toEqual({ t: 'alive' });
    expect(checkFrameMessage({ t: 'failed', message: 'no' })).toEqual({
      t: 'failed',
      message: 'no',
    });
    expect(() => checkFrameMessage({ t: 'batch' })).toThrow(MalformedMessage);
    expect(() => checkFrameMessage(undefined)).toThrow(MalformedMessage);
  });
});
