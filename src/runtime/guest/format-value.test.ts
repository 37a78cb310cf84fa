import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { formatLogArgs, formatValue, remoteClassKey } from './format-value';

describe('formatValue (like util.inspect)', () => {
  it('formats nested data on one line when it is short', () => {
    expect(formatValue({ id: 'u-1', tags: ['a', "it's"], n: -0, ok: true, none: null })).toBe(
      `{ id: 'u-1', tags: [ 'a', "it's" ], n: -0, ok: true, none: null }`,
    );
  });

  it('stops at depth 2 and marks cycles', () => {
    const value: Record<string, unknown> = { a: { b: { c: { d: 1 } } } };
    value['self'] = value;
    expect(formatValue(value)).toBe('{ a: { b: { c: [Object] } }, self: [Circular] }');
  });

  it('breaks long objects over lines with two-space indents', () => {
    const text = formatValue({
      orderId: 'o-1001',
      customerId: 'c-ada',
      total: 42.5,
      currency: 'EUR',
      placedAt: '2026-01-01',
    });
    expect(text).toBe(
      "{\n  orderId: 'o-1001',\n  customerId: 'c-ada',\n  total: 42.5,\n  currency: 'EUR',\n  placedAt: '2026-01-01'\n}",
    );
  });

  it('formats buffers, maps, sets, dates, classes, functions and remote proxies', () => {
    class Order {
      id = 1;
    }
    expect(formatValue(Buffer.from('hi'))).toBe('<Buffer 68 69>');
    expect(formatValue(new Map([['k', 1]]))).toBe("Map(1) { 'k' => 1 }");
    expect(formatValue(new Set([1]))).toBe('Set(1) { 1 }');
    expect(formatValue(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(formatValue(new Order())).toBe('Order { id: 1 }');
    expect(formatValue(function send() {})).toBe('[Function: send]');
    expect(formatValue(Order)).toBe('[class Order]');
    expect(formatValue({ [remoteClassKey]: 'AmqpChannel' })).toBe('AmqpChannel {}');
    expect(formatValue({ 'a-b': 1 })).toBe("{ 'a-b': 1 }");
  });
});

describe('formatLogArgs (like console.log)', () => {
  it('prints strings bare and the rest inspected', () => {
    expect(formatLogArgs(['order', { id: 1 }, 2, 'x'])).toBe('order { id: 1 } 2 x');
  });

  it('applies printf-style placeholders', () => {
    expect(formatLogArgs(['%s has %d items (%i%%) %j %o', 'cart', 3.5, 7.9, { a: 1 }, [1]])).toBe(
      'cart has 3.5 items (7%) {"a":1} [ 1 ]',
    );
    expect(formatLogArgs(['%c styled', 'color: red'])).toBe(' styled');
    expect(formatLogArgs(['100%', 1])).toBe('100% 1');
  });
});
