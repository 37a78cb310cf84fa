/**
 * The error for something real Redis or ioredis accepts that the simulator does not model: it
 * says so at once, and what to use instead, rather than answering differently from Redis.
 *
 * @example
 * throw notModelled('XINFO STREAM … FULL', 'XINFO GROUPS, XINFO CONSUMERS and XPENDING');
 */
export function notModelled(what: string, instead: string): Error {
  return new Error(`${what} is not modelled in the simulator; use ${instead} instead`);
}
