import { AmqpFailure, methods, type AmqpMethod } from './amqp-errors';

// How a headers exchange matches a message, as RabbitMQ 3.10 does (checked against a real one
// through amqplib; docs/broker-semantics.md, RabbitMQ 39). `x-match` is `all` (the default),
// `any`, `all-with-x` or `any-with-x`: the first two leave out binding arguments whose names
// start with `x-`, the `-with-x` forms compare those too. A binding argument of type void
// (`null` in amqplib) asks only that the header be present. With nothing left to compare,
// `all` matches every message and `any` none.

const matchModes = new Set(['all', 'any', 'all-with-x', 'any-with-x']);

/** The 406 RabbitMQ gives a headers binding whose `x-match` is none of the four, else undefined. */
export function invalidHeadersBinding(
  args: Readonly<Record<string, unknown>>,
  method: AmqpMethod = methods.queueBind,
): AmqpFailure | undefined {
  const mode = args['x-match'];
  if (mode === undefined || (typeof mode === 'string' && matchModes.has(mode))) return undefined;
  const shown = typeof mode === 'string' ? `<<"${mode}">>` : JSON.stringify(mode);
  return new AmqpFailure(
    406,
    `PRECONDITION_FAILED - Invalid x-match field value ${shown}; expected all, any, all-with-x, or any-with-x`,
    method,
  );
}

/** Whether a binding with `args` takes a message carrying `headers`. */
export function headersMatch(
  args: Readonly<Record<string, unknown>>,
  headers: Readonly<Record<string, unknown>>,
): boolean {
  const mode = typeof args['x-match'] === 'string' ? args['x-match'] : 'all';
  const withX = mode.endsWith('-with-x');
  const keys = Object.keys(args).filter((k) => k !== 'x-match' && (withX || !k.startsWith('x-')));
  const hit = (k: string): boolean =>
    Object.hasOwn(headers, k) && (args[k] === null || sameValue(headers[k], args[k]));
  if (mode.startsWith('any')) return keys.some(hit);
  return keys.every(hit);
}

/** Field values as the wire carries them: primitives by value, arrays and tables by content. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
