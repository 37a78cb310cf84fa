import type { ModelContext } from '../core/model-context';
import type { TraceKind } from '../core/trace-event';
import { MessageDeque } from './message-deque';
import { PriorityMessages, type ReadyMessages } from './priority-messages';
import { numberArgument, stringArgument } from './queue-arguments';
import type { Consumer, ServerConnection, StoredMessage } from './server-types';
import { endpoint } from './trace-endpoints';

/** A queue: ready messages, consumers, and the arguments it was declared with. */
export class Queue {
  /** Ready messages: FIFO, or by priority when declared with `x-max-priority`. */
  readonly ready: ReadyMessages<StoredMessage>;
  readonly consumers: Consumer[] = [];
  unackedCount = 0;
  nextSeq = 0;
  /** Index of the consumer the next dispatch tries first. */
  roundRobin = 0;
  dispatchScheduled = false;
  dispatching = false;
  /** When the armed message-TTL timer fires (Infinity: none armed). */
  expiryTimerDue = Infinity;
  /** An auto-delete queue goes only once it has had a consumer and lost the last one. */
  hadConsumer = false;
  /** Scheduler time of the last declare, get or consumer change (for `x-expires`). */
  lastUsed = 0;
  expiryCheckScheduled = false;
  /** Its trace endpoint, built once: it is written on every hop. */
  readonly label: string;
  readonly expiresMs: number | undefined;
  readonly messageTtl: number | undefined;
  readonly deadLetterExchange: string | undefined;
  readonly deadLetterRoutingKey: string | undefined;
  readonly maxLength: number | undefined;
  readonly maxLengthBytes: number | undefined;
  readonly overflow: string;
  /** `x-single-active-consumer`: only the oldest consumer gets messages. */
  readonly singleActiveConsumer: boolean;

  constructor(
    readonly name: string,
    readonly durable: boolean,
    readonly exclusiveOwner: ServerConnection | undefined,
    readonly autoDelete: boolean,
    readonly args: Record<string, unknown>,
  ) {
    this.label = endpoint.queue(name);
    this.messageTtl = numberArgument(args['x-message-ttl']);
    this.expiresMs = numberArgument(args['x-expires']);
    this.deadLetterExchange = stringArgument(args['x-dead-letter-exchange']);
    this.deadLetterRoutingKey = stringArgument(args['x-dead-letter-routing-key']);
    this.maxLength = numberArgument(args['x-max-length']);
    this.overflow = stringArgument(args['x-overflow']) ?? 'drop-head';
    this.maxLengthBytes = numberArgument(args['x-max-length-bytes']);
    this.singleActiveConsumer = args['x-single-active-consumer'] === true;
    const maxPriority = numberArgument(args['x-max-priority']);
    const sizeOf = (m: StoredMessage) => m.content.length;
    this.ready =
      maxPriority === undefined
        ? new MessageDeque<StoredMessage>(sizeOf)
        : new PriorityMessages<StoredMessage>(maxPriority, (m) => m.properties.priority, sizeOf);
  }
}

/**
 * Traces what happens to a message inside its queue (purged, expired, dropped for length…): the
 * event starts and ends at the queue, as the flow view draws a message that goes nowhere.
 */
export function traceInQueue(
  ctx: ModelContext,
  kind: TraceKind,
  queue: Queue,
  message: StoredMessage,
  reason: string,
  detail?: Record<string, unknown>,
): void {
  ctx.trace({
    kind,
    from: queue.label,
    to: queue.label,
    messageId: message.id,
    reason,
    payload: message.text,
    detail,
  });
}
