import { describe, expect, it } from 'vitest';
import { validateGuestMessage } from './validate-guest-message';

const refused = (raw: unknown): string => {
  const checked = validateGuestMessage(raw);
  if (checked.ok) throw new Error(`accepted ${JSON.stringify(raw)}`);
  return checked.reason;
};

describe('validateGuestMessage (the guest is hostile)', () => {
  it('accepts what a real guest sends, unchanged', () => {
    const messages = [
      { t: 'ready' },
      { t: 'pong', n: 3 },
      { t: 'exit', code: 1 },
      { t: 'output', level: 'warn', text: 'careful' },
      { t: 'output-capped', limit: 2000 },
      { t: 'uncaught', name: 'TypeError', message: 'x', stack: 'TypeError: x', origin: 'callback' },
      { t: 'invoked', invokeId: 4, ok: true, value: { t: 'u' } },
      { t: 'new', ref: 1, module: 'ioredis', path: ['default'], args: [] },
      { t: 'call', target: { ref: 1 }, method: 'get', args: ['k'], callId: 7 },
      { t: 'call', target: { ref: -2 }, method: null, args: [] },
      {
        t: 'call',
        target: { module: 'amqplib', path: ['connect'] },
        method: null,
        args: [],
        callId: 1,
        resultRef: 2,
      },
    ];
    for (const message of messages)
      expect(validateGuestMessage(message)).toEqual({ ok: true, message });
  });

  it('refuses anything that is not a message object', () => {
    expect(refused(null)).toBe('expected an object, got null');
    expect(refused(42)).toBe('expected an object, got a number');
    expect(refused('ready')).toBe('expected an object, got the string "ready"');
    expect(refused([{ t: 'ready' }])).toBe('expected an object, got an array');
    expect(refused(undefined)).toBe('expected an object, got nothing');
    expect(refused({})).toBe('unknown message type nothing');
    expect(refused({ t: 'pwn' })).toBe('unknown message type the string "pwn"');
  });

  it('does not read a type inherited or behind a getter', () => {
    expect(refused(Object.create({ t: 'ready' }))).toMatch(/unknown message type/);
    expect(
      refused(
        Object.defineProperty({}, 't', {
          get: () => 'ready',
          enumerable: true,
        }),
      ),
    ).toMatch(/unknown message type/);
  });

  it("refuses output at the site's own system level, or with text that is not a string", () => {
    expect(refused({ t: 'output', level: 'system', text: 'Broker: all good' })).toBe(
      "'output' level must be log, info, warn or error",
    );
    expect(refused({ t: 'output', level: 'log', text: { toString: 1 } })).toBe(
      "'output' text must be a string",
    );
    expect(refused({ t: 'output', level: 'log' })).toBe("'output' text must be a string");
  });

  it('refuses ids that are not finite whole numbers', () => {
    for (const bad of [NaN, Infinity, 1.5, -1, 0, '1', null, 2 ** 60]) {
      expect(refused({ t: 'invoked', invokeId: bad, ok: true, value: null })).toMatch(/invokeId/);
      expect(
        refused({ t: 'call', target: { ref: 1 }, method: 'x', args: [], callId: bad }),
      ).toMatch(/callId/);
      expect(refused({ t: 'new', ref: bad, module: 'ioredis', path: [], args: [] })).toMatch(/ref/);
    }
    for (const bad of [NaN, Infinity, 0.5, 0, '3']) {
      expect(refused({ t: 'call', target: { ref: bad }, method: null, args: [] })).toMatch(/ref/);
    }
    expect(refused({ t: 'pong', n: Infinity })).toMatch(/pong/);
    expect(refused({ t: 'exit', code: '0' })).toMatch(/exit/);
  });

  it('refuses calls and constructions with missing or mistyped fields', () => {
    expect(refused({ t: 'call', method: 'get', args: [] })).toBe("'call' needs a target object");
    expect(refused({ t: 'call', target: null, method: 'get', args: [] })).toBe(
      "'call' needs a target object",
    );
    expect(refused({ t: 'call', target: { ref: 1 }, method: 7, args: [] })).toBe(
      "'call' method must be a name or null",
    );
    expect(refused({ t: 'call', target: { ref: 1 }, method: 'get' })).toBe(
      "'call' needs an array of args",
    );
    expect(
      refused({
        t: 'call',
        target: { module: 'ioredis', path: 'default' },
        method: null,
        args: [],
      }),
    ).toMatch(/module and a path/);
    expect(
      refused({
        t: 'call',
        target: { module: 'kafkajs', path: ['Kafka'] },
        method: 'constructor',
        args: [],
      }),
    ).toBe("'call' on a module export takes no method name");
    expect(refused({ t: 'new', ref: 1, module: 'ioredis', path: [1], args: [] })).toMatch(/path/);
    expect(refused({ t: 'new', ref: 1, path: [], args: [] })).toMatch(/module name/);
    expect(refused({ t: 'new', ref: 1, module: 'ioredis', path: [], args: {} })).toMatch(/args/);
    expect(refused({ t: 'invoked', invokeId: 1, value: null })).toMatch(/ok: true or false/);
  });

  it('turns any uncaught into a well-formed one: the service still fails', () => {
    expect(validateGuestMessage({ t: 'uncaught' })).toEqual({
      ok: true,
      message: {
        t: 'uncaught',
        name: 'Error',
        message: '(the error had no message)',
        stack: 'Error: (the error had no message)',
        origin: 'uncaught',
      },
    });
    expect(
      validateGuestMessage({
        t: 'uncaught',
        name: 'RangeError',
        message: 'deep',
        stack: 5,
        origin: 'x',
      }),
    ).toEqual({
      ok: true,
      message: {
        t: 'uncaught',
        name: 'RangeError',
        message: 'deep',
        stack: 'RangeError: deep',
        origin: 'uncaught',
      },
    });
  });
});
