import type { Callback } from './redis-client';

/**
 * A command's arguments as ioredis sends them (ioredis 6, built/utils/Commander.js and
 * built/Command.js): a function in last place is the callback and only a function is; the
 * rest are flattened one level (`args.flat()`), then each becomes text: strings as they are,
 * Buffers as their bytes (UTF-8 here), null and undefined as "", integers beyond 2^53 through
 * BigInt, anything else through `String`.
 *
 * @example
 * ioredisArgv('expire', ['k', 10, 'NX']); // { argv: ['expire', 'k', '10', 'NX'], callback: undefined }
 */
export function ioredisArgv<T>(
  name: string,
  args: readonly unknown[],
): { argv: string[]; callback: Callback<T> | undefined } {
  const last = args[args.length - 1];
  const callback = typeof last === 'function' ? (last as Callback<T>) : undefined;
  const given = callback === undefined ? args : args.slice(0, -1);
  let flat: unknown[] = given.flat();
  // ioredis's argument transformer for MSET: one object or Map stands for its pairs.
  if (name === 'mset' && flat.length === 1) flat = pairsOf(flat[0]) ?? flat;
  const argv = [name];
  for (const arg of flat) argv.push(argumentText(arg));
  return { argv, callback };
}

/** ioredis's `toArg` (built/utils/index.js), with Buffers read as UTF-8. */
export function argumentText(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg === null || arg === undefined) return '';
  if (arg instanceof Uint8Array) return new TextDecoder().decode(arg);
  if (typeof arg === 'number' && Number.isInteger(arg) && !Number.isSafeInteger(arg)) {
    return BigInt(arg).toString();
  }
  // ioredis calls String() on anything else, so an object really is sent as '[object Object]'.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return String(arg);
}

/** An object's or Map's entries as [key, value, key, value…] (convertObjectToArray). */
function pairsOf(arg: unknown): unknown[] | undefined {
  if (arg instanceof Map) return [...(arg as Map<unknown, unknown>)].flat();
  if (typeof arg !== 'object' || arg === null || arg instanceof Uint8Array) return undefined;
  return Object.entries(arg as Record<string, unknown>).flat();
}
