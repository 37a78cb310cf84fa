import { ReplyError } from './reply-error';
import type { RedisPeer } from './redis-model';
import { findGroup } from './group-commands';
import { handOver, type HandedEntry } from './reader-handover';
import { compareId, minId, nextId, type StreamId } from './stream-id';
import type { StreamLog } from './stream-log';
import type { StreamServer } from './stream-server';
import { readReply, serveStream, type GroupRead, type ReadDone } from './stream-reads';

/** An XREAD or XREADGROUP waiting with BLOCK. */
export interface BlockedRead {
  readonly peer: RedisPeer;
  readonly keys: readonly string[];
  /** Per key, the id entries must come after (`>` for a group: read at serve time). */
  readonly after: readonly StreamId[];
  readonly group: GroupRead | undefined;
  /** COUNT, or 1000 when none was given (as Redis serves a blocked reader). */
  readonly count: number;
  readonly done: ReadDone;
}

interface Waiting extends BlockedRead {
  settled: boolean;
}

/**
 * Readers blocked on stream keys, served as Redis serves them (serveClientsBlockedOnStreamKey):
 * when a key gets new entries, every reader blocked on it, in the order they blocked, gets
 * what is new for it, from that one key. A group reader learns with NOGROUP that its group was
 * destroyed, and with UNBLOCKED that its key was deleted; a plain reader keeps waiting. A read
 * ends at its timeout (in run time, replying null) or silently with its connection.
 */
export class BlockedReads {
  private readonly byKey = new Map<string, Waiting[]>();
  private readonly byPeer = new Map<RedisPeer, Waiting>();

  constructor(private readonly server: StreamServer) {}

  /** Blocks `read` for `timeoutMs` of run time; 0 waits for ever. */
  block(read: BlockedRead, timeoutMs: number): void {
    const waiting: Waiting = { ...read, settled: false };
    for (const key of new Set(read.keys)) {
      let list = this.byKey.get(key);
      if (list === undefined) this.byKey.set(key, (list = []));
      list.push(waiting);
    }
    this.byPeer.set(read.peer, waiting);
    if (timeoutMs > 0) {
      this.server.ctx.later(() => {
        if (waiting.settled) return;
        this.unblock(waiting);
        waiting.done(null, null);
      }, timeoutMs);
    }
  }

  /** The client's connection ended (crash, restart, disconnect): its read ends unanswered. */
  connectionClosed(peer: RedisPeer): void {
    const waiting = this.byPeer.get(peer);
    if (waiting !== undefined) this.unblock(waiting);
  }

  /** Whether any reader waits on `key` (XADD skips the work otherwise). */
  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** `key` changed (new entries, group destroyed, key deleted): serve who can be served. */
  keyReady(key: string): void {
    const list = this.byKey.get(key);
    if (list === undefined) return;
    let stream: StreamLog | undefined;
    try {
      stream = this.server.stream(key);
    } catch {
      stream = undefined; // another type now: as good as deleted for a stream reader
    }
    for (const waiting of [...list]) {
      if (waiting.settled) continue;
      if (stream === undefined) {
        if (waiting.group === undefined) continue;
        this.unblock(waiting);
        waiting.done(new ReplyError('UNBLOCKED the stream key no longer exists'));
        continue;
      }
      this.serve(waiting, key, stream);
    }
  }

  private serve(waiting: Waiting, key: string, stream: StreamLog): void {
    const index = waiting.keys.indexOf(key);
    let gt = waiting.after[index]!;
    if (waiting.group !== undefined) {
      const group = findGroup(stream, waiting.group.name);
      if (group === undefined) {
        this.unblock(waiting);
        waiting.done(
          new ReplyError('NOGROUP the consumer group this client was blocked on no longer exists'),
        );
        return;
      }
      gt = group.lastId;
    }
    if (compareId(stream.lastId, gt) <= 0) return;
    this.unblock(waiting);
    const handed: HandedEntry[] = [];
    const start = nextId(gt) ?? minId;
    const { server } = this;
    serveStream(server, stream, key, index, start, waiting.count, waiting.group, false, handed);
    handOver(
      server.ctx,
      waiting.peer,
      () => server.connected(waiting.peer),
      handed,
      (arrived) => {
        waiting.done(null, readReply(waiting.keys, [index], [], arrived));
      },
    );
  }

  private unblock(waiting: Waiting): void {
    waiting.settled = true;
    if (this.byPeer.get(waiting.peer) === waiting) this.byPeer.delete(waiting.peer);
    for (const key of new Set(waiting.keys)) {
      const list = this.byKey.get(key);
      if (list === undefined) continue;
      const at = list.indexOf(waiting);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) this.byKey.delete(key);
    }
  }
}
