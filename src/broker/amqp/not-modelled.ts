/**
 * What the simulator refuses instead of accepting and ignoring: each entry is a call or an
 * argument a real RabbitMQ 3.10 would act on that this model does not reproduce. The refusal
 * happens at once (the RPC rejects, a publish throws) with `… is not modelled in the simulator;
 * …` and what to use instead; the channel stays open, since the real broker would not have
 * failed. The README of this folder lists the same entries (`not-modelled.test.ts` checks it).
 */
export const notModelled = {
  quorumQueue: {
    what: "a quorum queue (`x-queue-type: 'quorum'`)",
    instead: 'declare a classic queue (leave `x-queue-type` unset or `classic`)',
  },
  streamQueue: {
    what: "a stream (`x-queue-type: 'stream'`)",
    instead: 'declare a classic queue, or use the Kafka model for a replayable log',
  },
  deliveryLimit: {
    what: 'the `x-delivery-limit` queue argument (quorum queues only)',
    instead:
      'count deliveries yourself: reject without requeue to a dead-letter exchange and read `x-death`',
  },
  inMemoryLimits: {
    what: 'the `x-max-in-memory-length` / `x-max-in-memory-bytes` queue arguments (quorum queues only)',
    instead: 'use `maxLength` or `x-max-length-bytes`',
  },
  streamArguments: {
    what: 'the stream arguments `x-max-age`, `x-stream-max-segment-size-bytes`, `x-initial-cluster-size`',
    instead: 'declare a classic queue',
  },
  clusterPlacement: {
    what: 'the cluster placement arguments `x-queue-master-locator`, `x-queue-leader-locator`, `x-quorum-initial-group-size`',
    instead: 'leave them out: the simulated broker is one node',
  },
  consumerPriority: {
    what: 'consumer priorities (`consume(…, { priority })`, the `x-priority` consumer argument)',
    instead: 'give the preferred worker a larger prefetch, or a queue of its own',
  },
  streamOffset: {
    what: 'the `x-stream-offset` consumer argument (streams only)',
    instead: 'consume a classic queue',
  },
  directReplyTo: {
    what: 'direct reply-to (`amq.rabbitmq.reply-to`)',
    instead:
      "declare an exclusive reply queue (`assertQueue('', { exclusive: true })`) and name it in `replyTo`",
  },
} as const;

/** RabbitMQ's pseudo-queue for direct reply-to. */
export const directReplyQueue = 'amq.rabbitmq.reply-to';

export type NotModelledName = keyof typeof notModelled;

/** The error a refused call rejects or throws with. */
export class NotModelledError extends Error {
  override readonly name = 'NotModelledError';
  constructor(readonly feature: NotModelledName) {
    const { what, instead } = notModelled[feature];
    super(`${stripMarks(what)} is not modelled in the simulator; ${stripMarks(instead)}`);
  }
}

/** The README's backquotes are for reading; the error message shows the names plainly. */
function stripMarks(text: string): string {
  return text.replaceAll('`', '');
}

/** Queue arguments that name a refused feature, in the order they are looked at. */
const refusedQueueArguments: readonly [string, NotModelledName][] = [
  ['x-delivery-limit', 'deliveryLimit'],
  ['x-max-in-memory-length', 'inMemoryLimits'],
  ['x-max-in-memory-bytes', 'inMemoryLimits'],
  ['x-max-age', 'streamArguments'],
  ['x-stream-max-segment-size-bytes', 'streamArguments'],
  ['x-initial-cluster-size', 'streamArguments'],
  ['x-queue-master-locator', 'clusterPlacement'],
  ['x-queue-leader-locator', 'clusterPlacement'],
  ['x-quorum-initial-group-size', 'clusterPlacement'],
];

/** The refusal for a queue declaration asking for something not modelled, else undefined. */
export function refusedQueueDeclaration(
  args: Readonly<Record<string, unknown>>,
): NotModelledError | undefined {
  const type = args['x-queue-type'];
  if (type === 'quorum') return new NotModelledError('quorumQueue');
  if (type === 'stream') return new NotModelledError('streamQueue');
  for (const [argument, feature] of refusedQueueArguments) {
    if (args[argument] !== undefined) return new NotModelledError(feature);
  }
  return undefined;
}

/** The refusal for a consume asking for something not modelled, else undefined. */
export function refusedConsume(
  queue: string,
  options: {
    readonly priority?: unknown;
    readonly arguments?: Readonly<Record<string, unknown>>;
  },
): NotModelledError | undefined {
  if (options.priority !== undefined || options.arguments?.['x-priority'] !== undefined) {
    return new NotModelledError('consumerPriority');
  }
  if (options.arguments?.['x-stream-offset'] !== undefined) {
    return new NotModelledError('streamOffset');
  }
  if (queue === directReplyQueue) return new NotModelledError('directReplyTo');
  return undefined;
}
