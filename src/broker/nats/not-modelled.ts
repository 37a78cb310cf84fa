/**
 * The simulator's refusal: a part of the real client it does not model throws at once, saying
 * what to use instead, rather than accept the call and quietly do nothing.
 */
export class NotModelledError extends Error {
  constructor(what: string, instead: string) {
    super(`${what} is not modelled in the simulator: ${instead}`);
    this.name = 'NotModelledError';
  }
}

/** Throws {@link NotModelledError}. */
export function notModelled(what: string, instead: string): never {
  throw new NotModelledError(what, instead);
}

/**
 * A function that refuses when called, or constructed with `new` (an export, class or method the
 * simulator does not model).
 */
export function refusing(what: string, instead: string): (...args: unknown[]) => never {
  return function refused(): never {
    return notModelled(what, instead);
  };
}
