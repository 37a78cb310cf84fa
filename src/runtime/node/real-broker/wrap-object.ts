/** A method of a wrapped object, given the real object it stands in front of. */
export type Override = (target: object, ...args: unknown[]) => unknown;

/**
 * Stands a Proxy in front of a real client object: the methods in `overrides` run instead of
 * the real ones (they rename and call through), `values` answer instead of the real
 * properties, `iterate` (if given) maps the object's async iteration, every other method runs
 * on the real object unchanged, and a method that returns the real object (`on()` chaining)
 * returns the proxy, so the reader's code never holds an unwrapped client.
 */
export function wrapObject<T extends object>(
  target: T,
  overrides: Readonly<Record<string, Override>>,
  values?: Readonly<Record<string, unknown>>,
  iterate?: (real: AsyncIterable<unknown>) => AsyncIterable<unknown>,
): T {
  const proxy: T = new Proxy(target, {
    get(real, property, receiver) {
      if (typeof property === 'string' && Object.hasOwn(overrides, property)) {
        const override = overrides[property] as Override;
        return (...args: unknown[]): unknown => {
          const result = override(real, ...args);
          return result === real ? receiver : result;
        };
      }
      if (typeof property === 'string' && values && Object.hasOwn(values, property)) {
        return values[property];
      }
      if (property === Symbol.asyncIterator && iterate) {
        return () => iterate(real as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      }
      const value: unknown = Reflect.get(real, property, real);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = Reflect.apply(value, real, args);
        return result === real ? receiver : result;
      };
    },
  });
  return proxy;
}

/** Calls `real[method](...args)`. */
export function callReal(real: object, method: string, args: readonly unknown[]): unknown {
  const fn = (real as Record<string, unknown>)[method];
  if (typeof fn !== 'function') throw new TypeError(`${method} is not a function`);
  return Reflect.apply(fn, real, args);
}
