import { emitterHostOnly, emitterMethods, type ClientSurface } from '../core/client-surface';

/**
 * The ioredis surface of the Redis model, declared once: the runtime's RPC schema and the
 * editor's typings come from here (see ../core/client-surface.ts). Plain data, so the page and
 * the guest may load it without the model.
 */
export const redisSurface: ClientSurface = {
  module: 'ioredis',
  exportNames: ['Redis'],
  exports: {
    default: { construct: 'Redis' },
    Redis: { construct: 'Redis' },
  },
  classes: {
    Redis: {
      realTypes: ['Redis'],
      methods: {
        ...emitterMethods,
        connect: 'promise',
        duplicate: { remote: 'Redis', sync: true },
        disconnect: 'void',
        quit: 'promise',
        publish: 'promise',
        subscribe: 'promise',
        psubscribe: 'promise',
        unsubscribe: 'promise',
        punsubscribe: 'promise',
        ping: 'promise',
        get: 'promise',
        set: 'promise',
        incr: 'promise',
        incrby: 'promise',
        decr: 'promise',
        decrby: 'promise',
        persist: 'promise',
        keys: 'promise',
        del: 'promise',
        exists: 'promise',
        expire: 'promise',
        pexpire: 'promise',
        ttl: 'promise',
        pttl: 'promise',
        sadd: 'promise',
        srem: 'promise',
        sismember: 'promise',
        smembers: 'promise',
        scard: 'promise',
        type: 'promise',
        // Redis Streams (streams-client.ts); XSETID is refused as not modelled.
        xadd: 'promise',
        xlen: 'promise',
        xrange: 'promise',
        xrevrange: 'promise',
        xdel: 'promise',
        xtrim: 'promise',
        xread: 'promise',
        xreadgroup: 'promise',
        xgroup: 'promise',
        xack: 'promise',
        xpending: 'promise',
        xclaim: 'promise',
        xautoclaim: 'promise',
        xinfo: 'promise',
        xsetid: 'promise',
      },
      hostOnly: {
        ...emitterHostOnly,
        processCrashed: 'runtime hook: the service died',
        receive: 'server side: the broker delivers a message',
        connectionLost: 'runtime hook: the broker dropped the connection',
      },
    },
  },
};
