/**
 * One thing that happened inside the simulated broker. The flow view, the console and the
 * exercise checks read only these, so every hop a message takes must produce one.
 */
export type TraceKind = (typeof traceKinds)[number];

/** Every kind of trace event; also what code checks a kind it received from elsewhere against. */
export const traceKinds = [
  'connected',
  'disconnected',
  'declared',
  'published',
  'routed',
  'delivered',
  'redelivered',
  'acked',
  'nacked',
  'requeued',
  'returned',
  'dead-lettered',
  'dropped',
  'expired',
  'duplicated',
  'delayed',
  'committed',
  'rebalanced',
  'crashed',
  'restarted',
] as const;

/**
 * Which broker model produced an event: a registered model's name (`redis`, `amqp`, `kafka`…,
 * see `src/broker/models.ts`). Code that receives one from elsewhere checks it with
 * {@link isModelName}: the page does not load the models to know their names.
 */
export type ModelName = string;

/** Whether `value` has the shape of a model name: lower-case letters, digits and dashes. */
export function isModelName(value: unknown): value is ModelName {
  return typeof value === 'string' && /^[a-z][a-z0-9-]{0,23}$/.test(value);
}

/** A trace event: what happened, when (scheduler time, ms), to which message, from where to where. */
export interface TraceEvent {
  /** Monotonic sequence number within one broker, starting at 1. */
  readonly seq: number;
  /** The broker scheduler's `now()` when it happened, in milliseconds. */
  readonly time: number;
  readonly kind: TraceKind;
  readonly model: ModelName;
  /** Follows one published message through every hop (copies made by fan-out keep it). */
  readonly messageId?: string;
  /** Where it came from: a client/connection name, `exchange:orders`, `channel:news`, `topic:orders/0`… */
  readonly from: string;
  /** Where it went: `queue:billing`, `consumer:email`, `group:billing`… */
  readonly to: string;
  /** Why, for drops, dead-letters, nacks, expiries (e.g. `no-subscribers`, `rejected`, `maxlen`). */
  readonly reason?: string;
  /** The message body as text, when there is one. */
  readonly payload?: string;
  /** Message headers/properties worth showing (routing key, redelivered, partition, offset…). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/**
 * A trace event as its producer writes it, by name: the hub stamps `seq` and `time`, and leaves
 * out the optional fields given as `undefined`.
 */
export interface TraceFields {
  readonly kind: TraceKind;
  readonly model: ModelName;
  readonly from: string;
  readonly to: string;
  readonly messageId?: string | undefined;
  readonly reason?: string | undefined;
  readonly payload?: string | undefined;
  readonly detail?: Readonly<Record<string, unknown>> | undefined;
}
