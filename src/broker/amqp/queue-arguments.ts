import { AmqpFailure, methods } from './amqp-errors';

/**
 * The queue arguments RabbitMQ checks when a queue is first declared, with its refusals worded
 * as a real RabbitMQ words them (checked against RabbitMQ with amqplib). Before this check a
 * negative `maxLength` was accepted and made every later publish throw inside the simulator;
 * RabbitMQ refuses the declaration instead, with 406 PRECONDITION_FAILED, closing the channel.
 */
const integerArguments: Readonly<
  Record<string, { readonly zero: boolean; readonly max?: number }>
> = {
  'x-max-length': { zero: true },
  'x-max-length-bytes': { zero: true },
  'x-message-ttl': { zero: true },
  // An expiry of 0 would delete the queue at once; RabbitMQ asks for at least 1 ms.
  'x-expires': { zero: false },
  'x-max-priority': { zero: true, max: 255 },
};

const overflowModes = new Set(['drop-head', 'reject-publish', 'reject-publish-dlx']);

/**
 * The failure for the first argument RabbitMQ refuses, or undefined when all are acceptable.
 * Arguments it does not know are kept without a check, as RabbitMQ does.
 * @example invalidQueueArgument('q', { 'x-max-length': -1 }) // 406 … {value_negative,-1}
 */
export function invalidQueueArgument(
  queue: string,
  args: Readonly<Record<string, unknown>>,
): AmqpFailure | undefined {
  for (const [key, value] of Object.entries(args)) {
    const problem = Object.hasOwn(integerArguments, key)
      ? integerProblem(value, integerArguments[key]!)
      : key === 'x-overflow' && !(typeof value === 'string' && overflowModes.has(value))
        ? 'invalid_overflow'
        : undefined;
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

function integerProblem(
  value: unknown,
  rule: { readonly zero: boolean; readonly max?: number },
): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return `"expected integer, got ${wireType(value)}"`;
  }
  if (value < 0) return `{value_negative,${value}}`;
  if (value === 0 && !rule.zero) return '{value_zero,0}';
  if (rule.max !== undefined && value > rule.max) return `{max_value_exceeded,${value}}`;
  return undefined;
}

/** The AMQP field type amqplib encodes a JavaScript value as, named as RabbitMQ names it. */
function wireType(value: unknown): string {
  if (value === null || value === undefined) return 'void';
  if (typeof value === 'number') return 'double';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'longstr';
  if (Array.isArray(value)) return 'array';
  return 'table';
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
