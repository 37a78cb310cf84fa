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

/** Every broker model; also what code checks a model name it received from elsewhere against. */
export const brokerModels = ['redis', 'amqp', 'kafka'] as const;

/** Which broker model produced an event. */
export type BrokerModel = (typeof brokerModels)[number];

/** A trace event: what happened, when (scheduler time, ms), to which message, from where to where. */
export interface TraceEvent {
  /** Monotonic sequence number within one broker, starting at 1. */
  readonly seq: number;
  /** The broker scheduler's `now()` when it happened, in milliseconds. */
  readonly time: number;
  readonly kind: TraceKind;
  readonly model: BrokerModel;
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
