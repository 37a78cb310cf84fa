/** AMQP reply codes the simulator raises, with the names amqplib prints for them. */
export const replyCodes = {
  312: 'NO-ROUTE',
  403: 'ACCESS-REFUSED',
  404: 'NOT-FOUND',
  405: 'RESOURCE-LOCKED',
  406: 'PRECONDITION-FAILED',
  503: 'COMMAND-INVALID',
  530: 'NOT-ALLOWED',
} as const;

export type ReplyCode = keyof typeof replyCodes;

/** The AMQP method an error is about: its name, class id and method id (as amqplib reports). */
export interface AmqpMethod {
  readonly name: string;
  readonly classId: number;
  readonly methodId: number;
}

/** The methods channel errors name, with their AMQP 0-9-1 ids. */
export const methods = {
  exchangeDeclare: { name: 'ExchangeDeclare', classId: 40, methodId: 10 },
  exchangeDelete: { name: 'ExchangeDelete', classId: 40, methodId: 20 },
  exchangeBind: { name: 'ExchangeBind', classId: 40, methodId: 30 },
  exchangeUnbind: { name: 'ExchangeUnbind', classId: 40, methodId: 40 },
  queueDeclare: { name: 'QueueDeclare', classId: 50, methodId: 10 },
  queueBind: { name: 'QueueBind', classId: 50, methodId: 20 },
  queuePurge: { name: 'QueuePurge', classId: 50, methodId: 30 },
  queueDelete: { name: 'QueueDelete', classId: 50, methodId: 40 },
  queueUnbind: { name: 'QueueUnbind', classId: 50, methodId: 50 },
  basicQos: { name: 'BasicQos', classId: 60, methodId: 10 },
  basicConsume: { name: 'BasicConsume', classId: 60, methodId: 20 },
  basicCancel: { name: 'BasicCancel', classId: 60, methodId: 30 },
  basicPublish: { name: 'BasicPublish', classId: 60, methodId: 40 },
  basicGet: { name: 'BasicGet', classId: 60, methodId: 70 },
  basicAck: { name: 'BasicAck', classId: 60, methodId: 80 },
  basicReject: { name: 'BasicReject', classId: 60, methodId: 90 },
  basicNack: { name: 'BasicNack', classId: 60, methodId: 120 },
} as const satisfies Record<string, AmqpMethod>;

/** An error amqplib raises with the server's reply code and the failing method's ids. */
export interface AmqpServerError extends Error {
  code: number;
  classId: number;
  methodId: number;
}

/**
 * What the server says when it closes a channel or connection: code, text (as RabbitMQ words
 * it, e.g. `NOT_FOUND - no queue 'q' in vhost '/'`) and the method at fault.
 */
export class AmqpFailure {
  /** The reply text as sent: a short string, so RabbitMQ cuts one over 255 to 252 and `...`. */
  readonly text: string;

  constructor(
    readonly code: ReplyCode,
    text: string,
    readonly method: AmqpMethod,
    /** 503 and 530 close the whole connection, not just the channel. */
    readonly connectionLevel = false,
  ) {
    this.text = text.length > 255 ? `${text.slice(0, 252)}...` : text;
  }

  /** `404 (NOT-FOUND) with message "NOT_FOUND - ..."`, as amqplib's closeMessage prints. */
  describe(): string {
    return `${this.code} (${replyCodes[this.code]}) with message "${this.text}"`;
  }

  /** The 'error' event's error: `Channel closed by server: ...`. */
  eventError(): AmqpServerError {
    const prefix = this.connectionLevel ? 'Connection closed' : 'Channel closed by server';
    return this.withIds(new Error(`${prefix}: ${this.describe()}`));
  }

  /** What the RPC that caused it rejects with: `Operation failed: QueueDeclare; ...`. */
  rpcError(): AmqpServerError {
    return this.withIds(new Error(`Operation failed: ${this.method.name}; ${this.describe()}`));
  }

  private withIds(error: Error): AmqpServerError {
    return Object.assign(error, {
      code: this.code,
      classId: this.method.classId,
      methodId: this.method.methodId,
    });
  }
}

/** amqplib's error for using a closed channel or connection (thrown, not an event). */
export class IllegalOperationError extends Error {
  override readonly name = 'IllegalOperationError';
  constructor(message: string) {
    super(message);
  }
}

/** Builders for the failures RabbitMQ raises, worded as RabbitMQ words them. */
export const failures = {
  noQueue: (queue: string, method: AmqpMethod) =>
    new AmqpFailure(404, `NOT_FOUND - no queue '${queue}' in vhost '/'`, method),
  noExchange: (exchange: string, method: AmqpMethod) =>
    new AmqpFailure(404, `NOT_FOUND - no exchange '${exchange}' in vhost '/'`, method),
  unknownDeliveryTag: (tag: number, method: AmqpMethod) =>
    new AmqpFailure(406, `PRECONDITION_FAILED - unknown delivery tag ${tag}`, method),
  defaultExchange: (method: AmqpMethod) =>
    new AmqpFailure(
      403,
      'ACCESS_REFUSED - operation not permitted on the default exchange',
      method,
    ),
  reservedName: (kind: 'queue' | 'exchange', name: string, method: AmqpMethod) =>
    new AmqpFailure(
      403,
      `ACCESS_REFUSED - ${kind} name '${name}' contains reserved prefix 'amq.*'`,
      method,
    ),
  unknownExchangeType: (type: string) =>
    new AmqpFailure(
      503,
      `COMMAND_INVALID - unknown exchange type '${type}'`,
      methods.exchangeDeclare,
      true,
    ),
  locked: (queue: string, method: AmqpMethod) =>
    new AmqpFailure(
      405,
      `RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '${queue}' in vhost '/'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`,
      method,
    ),
  inequivalent: (
    kind: 'queue' | 'exchange',
    name: string,
    arg: string,
    received: string,
    current: string,
  ) =>
    new AmqpFailure(
      406,
      `PRECONDITION_FAILED - inequivalent arg '${arg}' for ${kind} '${name}' in vhost '/': received ${received} but current is ${current}`,
      kind === 'queue' ? methods.queueDeclare : methods.exchangeDeclare,
    ),
  inUse: (kind: 'queue' | 'exchange', name: string, method: AmqpMethod) =>
    new AmqpFailure(406, `PRECONDITION_FAILED - ${kind} '${name}' in vhost '/' in use`, method),
  notEmpty: (queue: string, method: AmqpMethod) =>
    new AmqpFailure(
      406,
      `PRECONDITION_FAILED - queue '${queue}' in vhost '/' is not empty`,
      method,
    ),
  /** A consumer tag already in use on the channel: a connection error, as on RabbitMQ. */
  consumerTagReused: (tag: string, method: AmqpMethod) =>
    new AmqpFailure(530, `NOT_ALLOWED - attempt to reuse consumer tag '${tag}'`, method, true),
  exclusiveConsumer: (queue: string) =>
    new AmqpFailure(
      403,
      `ACCESS_REFUSED - queue '${queue}' in vhost '/' in exclusive use`,
      methods.basicConsume,
    ),
};

/** How RabbitMQ shows an argument value in an "inequivalent arg" message (amqplib's encoding). */
export function describeArgument(value: unknown): string {
  if (value === undefined) return 'none';
  if (typeof value === 'number' && Number.isInteger(value)) {
    const type =
      value >= -128 && value < 128
        ? 'byte'
        : value >= -32768 && value < 32768
          ? 'short'
          : value >= -2147483648 && value < 2147483648
            ? 'signedint'
            : 'long';
    return `the value '${value}' of type '${type}'`;
  }
  if (typeof value === 'number') return `the value '${value}' of type 'double'`;
  if (typeof value === 'boolean') return `the value '${value}' of type 'bool'`;
  return `the value '${typeof value === 'string' ? value : JSON.stringify(value)}' of type 'longstr'`;
}

/**
 * How RabbitMQ words two argument values that are not equivalent (rabbit_misc's
 * assert_args_equivalence): both set, their bare values (`'200'` and `'100'`); one missing,
 * `none` and the typed form of the other. Undefined when they are equivalent (equal values of
 * compatible types: every integer type is compatible with the others).
 * @example inequivalentValues(undefined, 100) // ['none', "the value '100' of type 'byte'"]
 */
export function inequivalentValues(
  received: unknown,
  current: unknown,
): [string, string] | undefined {
  if (received === undefined && current === undefined) return undefined;
  if (received === undefined || current === undefined) {
    return [describeArgument(received), describeArgument(current)];
  }
  if (sameFieldValue(received, current)) return undefined;
  return [`'${bareValue(received)}'`, `'${bareValue(current)}'`];
}

function sameFieldValue(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function bareValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}
