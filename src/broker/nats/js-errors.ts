import type { ApiError } from './js-api-errors';
import type { MsgImpl } from './msg';

/**
 * The error classes of `@nats-io/jetstream` 3.4 (`lib/jserrors.js`): a JetStreamApiError's
 * message is the server's description, `.code` its `err_code` (10059 stream not found, 10014
 * consumer not found, 10058 stream name already in use…), `.status` its HTTP-like code.
 */
export class JetStreamError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'JetStreamError';
  }
}

export class JetStreamStatusError extends JetStreamError {
  constructor(
    message: string,
    readonly code: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'JetStreamStatusError';
  }
}

export class JetStreamNotEnabled extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'JetStreamNotEnabled';
  }
}

export class InvalidNameError extends Error {
  constructor(message = '', options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidNameError';
  }
}

export class JetStreamApiError extends Error {
  readonly #apiError: ApiError;
  constructor(apiError: ApiError, options?: ErrorOptions) {
    super(apiError.description, options);
    this.#apiError = apiError;
    this.name = 'JetStreamApiError';
  }

  get code(): number {
    return this.#apiError.err_code;
  }

  get status(): number {
    return this.#apiError.code;
  }

  apiError(): ApiError {
    return { ...this.#apiError };
  }
}

export class ConsumerNotFoundError extends JetStreamApiError {
  constructor(apiError: ApiError, options?: ErrorOptions) {
    super(apiError, options);
    this.name = 'ConsumerNotFoundError';
  }
}

export class StreamNotFoundError extends JetStreamApiError {
  constructor(apiError: ApiError, options?: ErrorOptions) {
    super(apiError, options);
    this.name = 'StreamNotFoundError';
  }
}

export const JetStreamApiCodes = {
  ConsumerNotFound: 10014,
  StreamNotFound: 10059,
  JetStreamNotEnabledForAccount: 10039,
  StreamWrongLastSequence: 10071,
  StreamWrongLastSequenceUnknown: 10164,
  NoMessageFound: 10037,
} as const;

export function isMessageNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.NoMessageFound;
}

/** parseJsResponse: the JSON answer, or the matching error class thrown. */
export function parseJsResponse<T>(msg: MsgImpl): T {
  const value = msg.json<{ error?: ApiError }>();
  const error = value.error;
  if (error) {
    if (error.err_code === JetStreamApiCodes.ConsumerNotFound)
      throw new ConsumerNotFoundError(error);
    if (error.err_code === JetStreamApiCodes.StreamNotFound) throw new StreamNotFoundError(error);
    if (error.err_code === JetStreamApiCodes.JetStreamNotEnabledForAccount) {
      const cause = new JetStreamApiError(error);
      throw new JetStreamNotEnabled(cause.message, { cause });
    }
    throw new JetStreamApiError(error);
  }
  return value as T;
}

/** A status message (no payload, a status line) a server sends to a pull request's inbox. */
export class JetStreamStatus {
  constructor(private readonly msg: MsgImpl) {}

  get code(): number {
    return this.msg.headers?.code ?? 0;
  }

  get description(): string {
    const description = this.msg.headers?.description.toLowerCase() ?? '';
    if (description !== '') return description;
    return this.code === 503 ? 'no responders' : 'unknown';
  }

  toError(): JetStreamStatusError {
    return new JetStreamStatusError(this.description, this.code);
  }

  /** What a 408/409 says the request still wanted. */
  parseDiscard(): { msgsLeft: number; bytesLeft: number } {
    const msgs = this.msg.headers?.get('Nats-Pending-Messages');
    const bytes = this.msg.headers?.get('Nats-Pending-Bytes');
    return { msgsLeft: msgs ? parseInt(msgs, 10) : 0, bytesLeft: bytes ? parseInt(bytes, 10) : 0 };
  }

  isIdleHeartbeat(): boolean {
    return this.code === 100 && this.description === 'idle heartbeat';
  }

  parseHeartbeat(): { lastConsumerSequence: number; lastStreamSequence: number } {
    return {
      lastConsumerSequence: parseInt(this.msg.headers?.get('Nats-Last-Consumer') || '0', 10),
      lastStreamSequence: parseInt(this.msg.headers?.get('Nats-Last-Stream') || '0', 10),
    };
  }

  isConsumerDeleted(): boolean {
    return this.code === 409 && this.description === 'consumer deleted';
  }
}

/** minValidation of `lib/jsutil.js`: names may not hold `.`, wildcards, slashes or spaces. */
export function validateName(context: string, name = ''): void {
  if (name === '') throw new Error(`${context} name required`);
  for (const bad of ['.', '*', '>', '/', '\\', ' ', '\t', '\n', '\r']) {
    if (name.includes(bad)) {
      const shown = bad === '\n' ? '\\n' : bad === '\r' ? '\\r' : bad === '\t' ? '\\t' : bad;
      throw new InvalidNameError(`${context} name ('${name}') cannot contain '${shown}'`);
    }
  }
}

export const jserrors = {
  InvalidNameError,
  ConsumerNotFoundError,
  StreamNotFoundError,
  JetStreamError,
  JetStreamApiError,
  JetStreamNotEnabled,
};
