/**
 * The error classes `@nats-io/nats-core` 3.4 throws (its `lib/errors.js`): same names, same
 * messages, so reader code that checks `err instanceof errors.TimeoutError`, `err.name` or
 * `err.message` behaves as against the real client.
 */

export class InvalidSubjectError extends Error {
  constructor(subject: string, options?: ErrorOptions) {
    super(`illegal subject: '${subject}'`, options);
    this.name = 'InvalidSubjectError';
  }
}

export class InvalidArgumentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidArgumentError';
  }

  /** `'prop' message`, or `'a','b' message` for several properties, as the client words it. */
  static format(property: string | string[], message: string, options?: ErrorOptions) {
    const names = Array.isArray(property)
      ? property.map((n) => `'${n}'`).join(',')
      : `'${property}'`;
    return new InvalidArgumentError(`${names} ${message}`, options);
  }
}

export class InvalidOperationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidOperationError';
  }
}

export class ClosedConnectionError extends Error {
  constructor() {
    super('closed connection');
    this.name = 'ClosedConnectionError';
  }
}

export class DrainingConnectionError extends Error {
  constructor() {
    super('connection draining');
    this.name = 'DrainingConnectionError';
  }
}

export class ConnectionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConnectionError';
  }
}

export class ProtocolError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProtocolError';
  }
}

/** A request failed: its `cause` says why (a {@link NoRespondersError}, a closed connection…). */
export class RequestError extends Error {
  constructor(message = '', options?: ErrorOptions) {
    super(message, options);
    this.name = 'RequestError';
  }

  isNoResponders(): boolean {
    return this.cause instanceof NoRespondersError;
  }
}

export class TimeoutError extends Error {
  constructor(options?: ErrorOptions) {
    super('timeout', options);
    this.name = 'TimeoutError';
  }
}

/** The server answered a request with status 503: nobody subscribes to the subject. */
export class NoRespondersError extends Error {
  readonly subject: string;
  constructor(subject: string, options?: ErrorOptions) {
    super(`no responders: '${subject}'`, options);
    this.subject = subject;
    this.name = 'NoResponders';
  }
}

export class PermissionViolationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermissionViolationError';
  }
}

export class AuthorizationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AuthorizationError';
  }
}

export class UserAuthenticationExpiredError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UserAuthenticationExpiredError';
  }
}

/** The client's `errors` export: every class above by name. */
export const errors = {
  AuthorizationError,
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  InvalidArgumentError,
  InvalidOperationError,
  InvalidSubjectError,
  NoRespondersError,
  PermissionViolationError,
  ProtocolError,
  RequestError,
  TimeoutError,
  UserAuthenticationExpiredError,
};
