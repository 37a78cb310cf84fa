import { ReplyError } from './reply-error';

/** Redis's reply when text is not a 64-bit integer (shared.outofrangeerr… in src/object.c). */
export const notIntegerMessage = 'ERR value is not an integer or out of range';

const longMin = -(2n ** 63n);
const longMax = 2n ** 63n - 1n;

/**
 * Redis's `string2ll` (src/util.c): a 64-bit signed integer written exactly as Redis writes one:
 * "0", or an optional "-" then a digit 1-9 then digits, within [-2^63, 2^63-1]. So "007", "-0",
 * "+1", " 1" and "1.0" are not integers. Returns undefined for anything else.
 *
 * @example
 * parseLongLong('-12'); // -12n
 * parseLongLong('007'); // undefined
 */
export function parseLongLong(text: string): bigint | undefined {
  if (text === '0') return 0n;
  if (!/^-?[1-9][0-9]{0,19}$/.test(text)) return undefined;
  const value = BigInt(text);
  return value < longMin || value > longMax ? undefined : value;
}

/** A 64-bit integer argument (getLongLongFromObjectOrReply), or Redis's error reply. */
export function longLongArg(text: string, message = notIntegerMessage): bigint {
  const value = parseLongLong(text);
  if (value === undefined) throw new ReplyError(message);
  return value;
}

export const longLongMin = longMin;
export const longLongMax = longMax;

/**
 * An integer reply as ioredis hands it over: a JavaScript number built digit by digit in
 * floating point, exactly as ioredis 6's RESP decoder does (built/resp/decoder.js,
 * `number * 10 + byte - 48`), so a reply beyond 2^53 loses the same digits it does there.
 */
export function integerReply(value: bigint): number {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  let number = 0;
  for (let i = 0; i < digits.length; i++) number = number * 10 + digits.charCodeAt(i) - 48;
  return negative ? -number : number;
}
