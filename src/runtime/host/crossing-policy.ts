/**
 * Which host functions may be handed to sandbox code as callable refs. Sandbox code is
 * untrusted (it arrives in share links), and a host function it can call runs in the page:
 * reaching `Function` that way means running any code there. So a function crosses only if
 * the broker built it as plain data for the guest (kafkajs's `heartbeat`, `resolveOffset`,
 * `pause` of eachMessage/eachBatch, a remover, a listener stand-in), never:
 *
 * - a constructor or class (it has an own `prototype` object): `Function`, `Redis`, `Object`…;
 * - a built-in or bound function (its source reads `[native code]`): `eval`, `Object.prototype`
 *   members, anything `bind` wrapped;
 * - a function found on a non-plain object (a class instance, an error, a Map): that is
 *   broker internals, not something built for the guest.
 */
export function hostFunctionMayCross(
  fn: (...args: unknown[]) => unknown,
  holder: object | undefined,
): boolean {
  if (isConstructor(fn) || isNative(fn)) return false;
  return holder === undefined || isPlainContainer(holder);
}

/** Has an own `prototype` object: `new`-able (classes, `function` declarations, built-ins). */
export function isConstructor(fn: (...args: unknown[]) => unknown): boolean {
  const prototype = Object.getOwnPropertyDescriptor(fn, 'prototype');
  if (prototype === undefined) return false;
  const value: unknown = prototype.value;
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** Read once, applied to each function: a later replacement of it is never asked. */
// eslint-disable-next-line @typescript-eslint/unbound-method
const functionToString = Function.prototype.toString;

function isNative(fn: (...args: unknown[]) => unknown): boolean {
  let source: string;
  try {
    source = Reflect.apply<unknown, [], string>(functionToString, fn, []);
  } catch {
    // Not a real function (a revoked proxy, say): not something to hand out.
    return true;
  }
  return /\{\s*\[native code\]\s*\}\s*$/.test(source);
}

/** An object literal, a null-prototype object, or a plain array. */
function isPlainContainer(holder: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(holder);
  if (Array.isArray(holder)) return prototype === Array.prototype;
  return prototype === Object.prototype || prototype === null;
}
