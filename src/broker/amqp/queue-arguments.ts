import { AmqpFailure, methods } from './amqp-errors';

/**
 * The queue arguments RabbitMQ 3.10 knows, in the order it checks them on a new queue and
 * compares them on a redeclaration (rabbit_amqqueue's declare_args), each with its check. The
 * refusals are worded as a real RabbitMQ words them (checked against one through amqplib):
 * 406 PRECONDITION_FAILED, closing the channel. Arguments it does not know are kept without a
 * check and never compared, as RabbitMQ does. Those for quorum queues and streams are refused
 * before this as not modelled (not-modelled.ts).
 */
type Check = (value: unknown, args: Readonly<Record<string, unknown>>) => string | undefined;

const nonNegative: Check = (value) => integerProblem(value, true);

export const knownQueueArguments: readonly (readonly [string, Check])[] = [
  // An expiry of 0 would delete the queue at once; RabbitMQ asks for at least 1 ms.
  ['x-expires', (value) => integerProblem(value, false)],
  ['x-message-ttl', nonNegative],
  ['x-dead-letter-exchange', () => undefined],
  [
    'x-dead-letter-routing-key',
    (_value, args) =>
      args['x-dead-letter-exchange'] === undefined ? 'routing_key_but_no_dlx_defined' : undefined,
  ],
  ['x-max-length', nonNegative],
  ['x-max-length-bytes', nonNegative],
  [
    'x-max-priority',
    (value) =>
      integerProblem(value, true) ??
      ((value as number) > 255 ? `{max_value_exceeded,${String(value)}}` : undefined),
  ],
  [
    'x-overflow',
    (value) =>
      typeof value === 'string' && overflowModes.has(value) ? undefined : 'invalid_overflow',
  ],
  [
    'x-queue-mode',
    (value) =>
      typeof value !== 'string'
        ? `{unacceptable_type,${fieldType(value)}}`
        : value === 'default' || value === 'lazy'
          ? undefined
          : `"unsupported queue mode '${value}'"`,
  ],
  [
    'x-single-active-consumer',
    (value) => (typeof value === 'boolean' ? undefined : `{unacceptable_type,${fieldType(value)}}`),
  ],
  [
    'x-queue-type',
    (value) => (value === 'classic' ? undefined : `"unsupported queue type '${fieldText(value)}'"`),
  ],
];

const overflowModes = new Set(['drop-head', 'reject-publish', 'reject-publish-dlx']);

/** Arguments that must be strings: another type is refused in words of its own. */
const stringArguments = new Set(['x-dead-letter-exchange', 'x-dead-letter-routing-key']);

/**
 * The failure for the first argument RabbitMQ refuses on a new queue, or undefined.
 * @example invalidQueueArgument('q', { 'x-max-length': -1 }) // 406 … {value_negative,-1}
 */
export function invalidQueueArgument(
  queue: string,
  args: Readonly<Record<string, unknown>>,
): AmqpFailure | undefined {
  for (const [key, check] of knownQueueArguments) {
    const value = args[key];
    if (value === undefined) continue;
    if (stringArguments.has(key) && typeof value !== 'string') {
      return new AmqpFailure(
        406,
        `PRECONDITION_FAILED - invalid type '${fieldType(value)}' for arg '${key}' in queue '${queue}' in vhost '/'`,
        methods.queueDeclare,
      );
    }
    const problem = check(value, args);
    if (problem !== undefined) {
      return new AmqpFailure(
        406,
        `PRECONDITION_FAILED - invalid arg '${key}' for queue '${queue}' in vhost '/': ${problem}`,
        methods.queueDeclare,
      );
    }
  }
  return undefined;
}

function integerProblem(value: unknown, zeroAllowed: boolean): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return `"expected integer, got ${fieldType(value)}"`;
  }
  if (value < 0) return `{value_negative,${value}}`;
  if (value === 0 && !zeroAllowed) return '{value_zero,0}';
  return undefined;
}

/** The AMQP field type amqplib encodes a JavaScript value as, named as RabbitMQ names it. */
export function fieldType(value: unknown): string {
  if (value === null || value === undefined) return 'void';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'double';
    if (value >= -128 && value < 128) return 'byte';
    if (value >= -32768 && value < 32768) return 'short';
    return value >= -2147483648 && value < 2147483648 ? 'signedint' : 'long';
  }
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'longstr';
  if (Array.isArray(value)) return 'array';
  return 'table';
}

function fieldText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A declared argument read as a number: arguments arrive as amqplib field tables and may hold
 * anything, and a value of another type counts as not set.
 */
export function numberArgument(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** A declared argument read as a string; a value of another type counts as not set. */
export function stringArgument(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
