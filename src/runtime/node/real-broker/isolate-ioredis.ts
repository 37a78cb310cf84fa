import type { RunNames } from './run-names';
import { callReal, wrapObject, type Override } from './wrap-object';

/** Between the run's tag and a key or channel: Redis's usual namespace separator. */
export const redisSeparator = ':';

type RedisClass = new (...args: unknown[]) => object;

/**
 * The `ioredis` module as a service of a `--broker real` run sees it: the real package, with
 * `new Redis(...)` connected to the run's server (`address`, whatever URL the code names) and
 * every name isolated. Keys go through ioredis's own `keyPrefix` option (which ioredis applies
 * to every command's key arguments); Pub/Sub channels are not keys, so `publish`, `subscribe`,
 * `psubscribe` and their unsubscribes are renamed here, and the `message` / `pmessage`
 * listeners and the key names in XREAD / XREADGROUP / BLPOP / BRPOP replies renamed back.
 */
export function isolateIoredis(real: object, address: string, names: RunNames): object {
  const toServer = (name: unknown): unknown =>
    typeof name === 'string' ? names.toServer(name, redisSeparator) : name;
  const toReader = (name: unknown): unknown =>
    typeof name === 'string' ? names.toReader(name, redisSeparator) : name;
  const module = real as { default?: RedisClass } & Record<string, unknown>;
  const RealRedis = (module.default ?? real) as RedisClass;

  const channels =
    (method: string): Override =>
    (target, ...args) =>
      callReal(
        target,
        method,
        args.map((arg) => (typeof arg === 'function' || Array.isArray(arg) ? arg : toServer(arg))),
      );
  const firstKeyBack =
    (method: string): Override =>
    async (target, ...args) => {
      const reply: unknown = await callReal(target, method, args);
      if (!Array.isArray(reply)) return reply;
      const items = reply as unknown[];
      if (method === 'blpop' || method === 'brpop') {
        return [toReader(items[0]), ...items.slice(1)];
      }
      return items.map((entry: unknown) =>
        Array.isArray(entry) ? [toReader(entry[0]), ...(entry as unknown[]).slice(1)] : entry,
      );
    };
  const listen =
    (method: string): Override =>
    (target, event, listener) => {
      if (typeof listener !== 'function') return callReal(target, method, [event, listener]);
      const fn = listener as (...args: unknown[]) => unknown;
      if (event === 'message') {
        return callReal(target, method, [
          event,
          (channel: unknown, message: unknown) => fn(toReader(channel), message),
        ]);
      }
      if (event === 'pmessage') {
        return callReal(target, method, [
          event,
          (pattern: unknown, channel: unknown, message: unknown) =>
            fn(toReader(pattern), toReader(channel), message),
        ]);
      }
      return callReal(target, method, [event, listener]);
    };
  const wrapClient = (client: object): object =>
    wrapObject(client, {
      publish: (target, channel, ...rest) =>
        callReal(target, 'publish', [toServer(channel), ...rest]),
      subscribe: channels('subscribe'),
      unsubscribe: channels('unsubscribe'),
      psubscribe: channels('psubscribe'),
      punsubscribe: channels('punsubscribe'),
      xread: firstKeyBack('xread'),
      xreadgroup: firstKeyBack('xreadgroup'),
      blpop: firstKeyBack('blpop'),
      brpop: firstKeyBack('brpop'),
      on: listen('on'),
      once: listen('once'),
      addListener: listen('addListener'),
      prependListener: listen('prependListener'),
      duplicate: (target, ...args) => wrapClient(callReal(target, 'duplicate', args) as object),
    });

  function Redis(...args: unknown[]): object {
    // The code's own options are kept (retryStrategy, lazyConnect…), but where it connects and
    // which names it uses are the run's.
    const options = args.find(
      (arg): arg is Record<string, unknown> => typeof arg === 'object' && arg !== null,
    );
    const { host: _host, port: _port, path: _path, keyPrefix, ...kept } = options ?? {};
    void _host;
    void _port;
    void _path;
    const prefix = `${names.tag}${redisSeparator}${typeof keyPrefix === 'string' ? keyPrefix : ''}`;
    return wrapClient(new RealRedis(address, { ...kept, keyPrefix: prefix }));
  }
  const exported = Object.assign(Redis, module, { default: Redis, Redis });
  return exported;
}
