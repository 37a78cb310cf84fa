import type { ModelContext } from '../core/model-context';
import { BlockedReads } from './blocked-reads';
import { xautoclaim, xclaim } from './claim-commands';
import { xack, xgroup, xpending } from './group-commands';
import type { KeyValueStore } from './key-value-store';
import type { RedisPeer } from './redis-model';
import { xadd, xdel, xlen, xrange, xtrim } from './stream-commands';
import { xinfo } from './stream-info';
import type { StreamLog } from './stream-log';
import { read, type ReadDone } from './stream-reads';
import type { StreamServer } from './stream-server';

/** Stream commands whose reply is at hand when the command runs. */
const immediate: Record<
  string,
  (server: RedisStreams, peer: RedisPeer, argv: readonly string[]) => unknown
> = {
  xadd: (server, peer, argv) => xadd(server, peer, argv),
  xlen: (server, _peer, argv) => xlen(server, argv),
  xrange: (server, _peer, argv) => xrange(server, argv, false),
  xrevrange: (server, _peer, argv) => xrange(server, argv, true),
  xdel: (server, _peer, argv) => xdel(server, argv),
  xtrim: (server, _peer, argv) => xtrim(server, argv),
  xgroup: (server, peer, argv) => xgroup(server, peer, argv),
  xack: (server, peer, argv) => xack(server, peer, argv),
  xpending: (server, _peer, argv) => xpending(server, argv),
  xinfo: (server, _peer, argv) => xinfo(server, argv),
};

/**
 * The Redis Streams side of the server: stream keys live in the one keyspace (the key-value
 * store), so TYPE, DEL, EXISTS and EXPIRE work on them. Reads that hand entries to a reader
 * (XREAD, XREADGROUP, XCLAIM, XAUTOCLAIM) reply through the fault gate and may wait (BLOCK).
 */
export class RedisStreams implements StreamServer {
  private readonly blocked: BlockedReads;

  constructor(
    readonly ctx: ModelContext,
    private readonly store: KeyValueStore,
    private readonly isConnected: (peer: RedisPeer) => boolean,
  ) {
    this.blocked = new BlockedReads(this);
  }

  now(): number {
    return this.ctx.scheduler.now();
  }

  stream(key: string): StreamLog | undefined {
    return this.store.stream(key, false);
  }

  createStream(key: string): StreamLog {
    return this.store.stream(key, true)!;
  }

  keyReady(key: string): void {
    if (this.blocked.has(key)) this.blocked.keyReady(key);
  }

  connected(peer: RedisPeer): boolean {
    return this.isConnected(peer);
  }

  /** Runs a stream command whose reply is at hand; throws Redis's error replies. */
  run(peer: RedisPeer, argv: readonly string[]): unknown {
    return immediate[argv[0]!]!(this, peer, argv);
  }

  /**
   * Runs XREAD, XREADGROUP, XCLAIM or XAUTOCLAIM: `done` gets the reply when the entries have
   * reached the reader (or the read timed out, or failed later); Redis's argument errors are
   * thrown at once.
   */
  reply(peer: RedisPeer, argv: readonly string[], done: ReadDone): void {
    switch (argv[0]) {
      case 'xread':
        return read(this, this.blocked, peer, argv, false, done);
      case 'xreadgroup':
        return read(this, this.blocked, peer, argv, true, done);
      case 'xclaim':
        return xclaim(this, peer, argv, (reply) => done(null, reply));
      default:
        return xautoclaim(this, peer, argv, (reply) => done(null, reply));
    }
  }

  /** The client's connection ended: a read it had blocked ends unanswered. */
  connectionClosed(peer: RedisPeer): void {
    this.blocked.connectionClosed(peer);
  }
}
