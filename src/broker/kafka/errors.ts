/** kafkajs's error classes, by name, so reader code can `catch` and check `e.name` the same way. */
export class KafkaJSError extends Error {
  readonly retriable: boolean;
  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KafkaJSError';
    this.retriable = options.retriable ?? true;
  }
}

/** An error retrying cannot fix (bad arguments, wrong state). */
export class KafkaJSNonRetriableError extends KafkaJSError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, retriable: false });
    this.name = 'KafkaJSNonRetriableError';
  }
}

/** A broker error code, e.g. UNKNOWN_TOPIC_OR_PARTITION. */
export class KafkaJSProtocolError extends KafkaJSError {
  readonly type: string;
  readonly code: number;
  constructor(message: string, type: string, code: number, retriable: boolean) {
    super(message, { retriable });
    this.name = 'KafkaJSProtocolError';
    this.type = type;
    this.code = code;
  }
}

/** What a consumer crashes with once a failing handler has used up its retries. */
export class KafkaJSNumberOfRetriesExceeded extends KafkaJSNonRetriableError {
  readonly retryCount: number;
  readonly retryTime: number;
  constructor(cause: Error, retryCount: number, retryTime: number) {
    super(cause.message, { cause });
    this.name = 'KafkaJSNumberOfRetriesExceeded';
    this.retryCount = retryCount;
    this.retryTime = retryTime;
  }
}

/** The broker answer for a topic that does not exist when auto-creation is off. */
export function unknownTopic(topic: string): KafkaJSProtocolError {
  return new KafkaJSProtocolError(
    `This server does not host this topic-partition (${topic})`,
    'UNKNOWN_TOPIC_OR_PARTITION',
    3,
    true,
  );
}
