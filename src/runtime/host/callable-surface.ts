import type { RemoteSchema } from '../protocol';

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * Names never callable from a sandbox, whatever a class declares: the runtime's own hooks on
 * the simulated clients (a guest calling `processCrashed` would fake its own crash) and the
 * server side of a connection. The declared surface leaves them out; this says so twice.
 */
const runtimeInternal: ReadonlySet<string> = new Set([
  'processCrashed',
  'brokerRestarted',
  'connectionLost',
  'receive',
  'deliver',
  'returned',
  'fail',
  'failConnection',
  'forgetChannel',
  'connectionClosed',
  'drop',
  'soon',
  'revoke',
  'assign',
]);

/** A method name as a client API spells one: letters and digits, no `_`/`#`, no symbols. */
const methodName = /^[A-Za-z][A-Za-z0-9]*$/;

/** The error a guest sees for a method it may not call (a TypeError, as calling undefined is). */
export function notAFunction(name: string, className: string): TypeError {
  const shown = name.length > 60 ? `${name.slice(0, 60)}…` : name;
  return new TypeError(`${shown} is not a function of ${className} in the simulator`);
}

/**
 * The method `name` of a remote object of `className`, if a sandbox may call it: declared in
 * the class's callable surface (the run's `schema`, protocol/remote-schema.ts), not an `Object.prototype` or
 * `Function.prototype` member, not runtime-internal, and found as a data property holding a
 * function on the object or its class prototypes below `Object.prototype` (never a getter,
 * whose code would run on lookup). Anything else throws {@link notAFunction}.
 */
export function findMethod(
  schema: RemoteSchema,
  target: object,
  className: string,
  name: string,
): AnyFunction {
  if (isForbiddenMethodName(name) || !schema.isCallable(className, name)) {
    throw notAFunction(name, className);
  }
  const value = dataPropertyValue(target, name);
  if (typeof value === 'function') return value as AnyFunction;
  throw notAFunction(name, className);
}

/** Whether `name` is never callable, whatever a class declares (tests check the surface). */
export function isForbiddenMethodName(name: string): boolean {
  return (
    !methodName.test(name) ||
    Object.hasOwn(Object.prototype, name) ||
    Object.hasOwn(Function.prototype, name) ||
    runtimeInternal.has(name)
  );
}

/**
 * The remote object that property `name` of `target` holds (NATS `jsm.streams`), if the class
 * declares it a remote property: a data property (never a getter, whose code would run on
 * lookup) holding an object, found on the object or its class prototypes.
 */
export function findRemoteProp(target: object, className: string, name: string): object {
  const value = dataPropertyValue(target, name);
  if (typeof value === 'object' && value !== null) return value;
  throw new TypeError(`${name} is not an object of ${className} in the simulator`);
}

/**
 * The value of the first own data property `name` on `target` or its prototypes below
 * `Object.prototype`; undefined when there is none or the first one found is a getter (whose
 * code would run on lookup).
 */
function dataPropertyValue(target: object, name: string): unknown {
  for (
    let holder: object | null = target;
    holder !== null && holder !== Object.prototype;
    holder = Object.getPrototypeOf(holder) as object | null
  ) {
    const property = Object.getOwnPropertyDescriptor(holder, name);
    if (property === undefined) continue;
    return 'value' in property ? (property.value as unknown) : undefined;
  }
  return undefined;
}
