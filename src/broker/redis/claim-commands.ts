import { ReplyError } from './reply-error';
import type { RedisPeer } from './redis-model';
import { PendingEntry, type Consumer, type ConsumerGroup } from './consumer-group';
import { findGroup } from './group-commands';
import { handOver, type HandedEntry } from './reader-handover';
import { checkArity, integerArg, syntaxErrorMessage } from './stream-arguments';
import {
  compareIds,
  formatId,
  parseId,
  parseRangeBound,
  tryParseId,
  type StreamId,
} from './stream-id';
import type { EntryRef, StreamLog } from './stream-log';
import { groupEndpoint, messageIdText, type StreamServer } from './stream-server';

/** Where a claim's reply goes once its entries reached the client (or were lost on the way). */
export type ClaimDone = (reply: unknown) => void;

/** XCLAIM or XAUTOCLAIM: Redis's argument errors are thrown at once, the reply goes to `done`. */
type ClaimCommand = (
  server: StreamServer,
  peer: RedisPeer,
  argv: readonly string[],
  done: ClaimDone,
) => void;

/** The group or Redis's NOGROUP reply, as XCLAIM and XAUTOCLAIM word it. */
function groupOrNoGroup(
  server: StreamServer,
  key: string,
  name: string,
): [StreamLog, ConsumerGroup] {
  const stream = server.stream(key);
  const group = findGroup(stream, name);
  if (stream === undefined || group === undefined) {
    throw new ReplyError(`NOGROUP No such key '${key}' or consumer group '${name}'`);
  }
  return [stream, group];
}

/**
 * XCLAIM key group consumer min-idle-time id … [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE]
 * [JUSTID] [LASTID id]: takes pending entries idle long enough over to `consumer`
 * (xclaimCommand). The delivery count goes up by one unless JUSTID or RETRYCOUNT says otherwise.
 */
export const xclaim: ClaimCommand = (server, peer, argv, done) => {
  checkArity(argv, -6);
  const key = argv[1]!;
  const [stream, group] = groupOrNoGroup(server, key, argv[2]!);
  const minIdle = Math.max(0, integerArg(argv[4], 'ERR Invalid min-idle-time argument for XCLAIM'));
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const id = tryParseId(argv[j]!, { strict: true });
    if (id === undefined) break;
    ids.push(id);
  }
  const now = server.now();
  let force = false;
  let justId = false;
  let retryCount = -1;
  let deliveryTime = -1;
  let lastId: StreamId = { ms: 0, seq: 0 };
  for (; j < argv.length; j++) {
    const option = argv[j]!;
    const more = j + 1 < argv.length;
    const upper = option.toUpperCase();
    if (upper === 'FORCE') force = true;
    else if (upper === 'JUSTID') justId = true;
    else if (upper === 'IDLE' && more) {
      deliveryTime = now - integerArg(argv[++j], 'ERR Invalid IDLE option argument for XCLAIM');
    } else if (upper === 'TIME' && more) {
      deliveryTime = integerArg(argv[++j], 'ERR Invalid TIME option argument for XCLAIM');
    } else if (upper === 'RETRYCOUNT' && more) {
      retryCount = integerArg(argv[++j], 'ERR Invalid RETRYCOUNT option argument for XCLAIM');
    } else if (upper === 'LASTID' && more) {
      lastId = parseId(argv[++j]!, { strict: true });
    } else throw new ReplyError(`ERR Unrecognized XCLAIM option '${option}'`);
  }
  if (compareIds(lastId.ms, lastId.seq, group.lastId.ms, group.lastId.seq) > 0) {
    group.lastId = { ms: lastId.ms, seq: lastId.seq };
  }
  if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
  const claim = new Claim(server, peer, key, group, argv[3]!, now);
  for (const id of ids) {
    const text = formatId(id.ms, id.seq);
    let entry = group.pending.get(text);
    const ref = stream.find(id);
    if (ref === undefined) {
      if (entry !== undefined) claim.forgetDeleted(text, entry);
      continue;
    }
    let forced = false;
    if (force && entry === undefined) {
      // Redis makes the pending entry with no owner yet; it goes to the claimer below.
      entry = new PendingEntry(
        id.ms,
        id.seq,
        claim.consumer(),
        now,
        1,
        ref.node.messageId(ref.slot),
      );
      group.pending.add(text, entry);
      forced = true;
    }
    if (entry === undefined) continue;
    if (!forced && minIdle > 0 && now - entry.deliveryTime < minIdle) continue;
    claim.take(
      text,
      entry,
      ref,
      forced,
      deliveryTime,
      retryCount >= 0 ? retryCount : justId ? 0 : 1,
      retryCount >= 0,
      justId,
    );
  }
  claim.reply((arrived) => done(arrived));
};

/**
 * XAUTOCLAIM key group consumer min-idle-time start [COUNT n] [JUSTID]: scans the group's
 * pending entries from `start`, takes those idle long enough, and replies
 * `[next cursor, claimed, ids of entries deleted meanwhile]` (xautoclaimCommand). Deleted ones
 * leave the pending list.
 */
export const xautoclaim: ClaimCommand = (server, peer, argv, done) => {
  checkArity(argv, -6);
  const minIdle = Math.max(
    0,
    integerArg(argv[4], 'ERR Invalid min-idle-time argument for XAUTOCLAIM'),
  );
  const start = parseRangeBound(argv[5]!, 'start');
  let count = 100;
  let justId = false;
  for (let j = 6; j < argv.length; j++) {
    const upper = argv[j]!.toUpperCase();
    if (upper === 'COUNT' && j + 1 < argv.length) {
      const value = integerArg(argv[++j], 'ERR COUNT must be > 0');
      if (value < 1) throw new ReplyError('ERR COUNT must be > 0');
      count = value;
    } else if (upper === 'JUSTID') justId = true;
    else throw new ReplyError(syntaxErrorMessage);
  }
  const key = argv[1]!;
  const [stream, group] = groupOrNoGroup(server, key, argv[2]!);
  const now = server.now();
  const claim = new Claim(server, peer, key, group, argv[3]!, now);
  const pending = group.pending.ordered();
  let i = 0;
  while (i < pending.length && compareIds(pending[i]!.ms, pending[i]!.seq, start.ms, start.seq) < 0)
    i++;
  const deleted: string[] = [];
  let attempts = count * 10;
  for (; attempts > 0 && count > 0 && i < pending.length; attempts--, i++) {
    const entry = pending[i]!;
    const text = entry.id;
    const ref = stream.find(entry);
    if (ref === undefined) {
      claim.forgetDeleted(text, entry);
      deleted.push(text);
      count--;
      continue;
    }
    if (minIdle > 0 && now - entry.deliveryTime < minIdle) continue;
    claim.take(text, entry, ref, false, now, justId ? 0 : 1, false, justId);
    count--;
  }
  const cursor = i < pending.length ? pending[i]!.id : '0-0';
  claim.reply((arrived) => done([cursor, arrived, deleted]));
};

/** One claim in progress: the claiming consumer (made on first use) and what it took. */
class Claim {
  private claimer: Consumer | undefined;
  private readonly handed: HandedEntry[] = [];
  private readonly endpoint: string;

  constructor(
    private readonly server: StreamServer,
    private readonly peer: RedisPeer,
    private readonly key: string,
    private readonly group: ConsumerGroup,
    private readonly name: string,
    private readonly now: number,
  ) {
    this.endpoint = groupEndpoint(key, group.name);
  }

  consumer(): Consumer {
    return (this.claimer ??= this.group.consumer(this.name, this.now));
  }

  /** A pending entry whose stream entry was deleted leaves the pending lists. */
  forgetDeleted(id: string, entry: PendingEntry): void {
    this.group.forget(id, entry);
    this.server.ctx.trace({
      kind: 'dropped',
      from: this.endpoint,
      to: this.endpoint,
      messageId: messageIdText(entry.messageId),
      reason: 'deleted',
      detail: { stream: this.key, id, consumer: entry.consumer.name },
    });
  }

  /** Gives `entry` to the claimer with its new delivery time and count. */
  take(
    id: string,
    entry: PendingEntry,
    ref: EntryRef,
    forced: boolean,
    deliveryTime: number,
    countChange: number,
    setCount: boolean,
    justId: boolean,
  ): void {
    const consumer = this.consumer();
    const previous = forced ? undefined : entry.consumer.name;
    if (forced) consumer.pending.add(id, entry);
    else this.group.reassign(id, entry, consumer);
    entry.deliveryTime = deliveryTime;
    entry.deliveryCount = setCount ? countChange : entry.deliveryCount + countChange;
    const fields = justId ? undefined : ref.node.fieldsOf(ref.slot);
    this.handed.push({
      value: fields === undefined ? id : [id, fields],
      stream: 0,
      messageId: messageIdText(entry.messageId),
      from: this.endpoint,
      kind: 'redelivered',
      reason: 'claimed',
      fields,
      detail: this.server.ctx.traced
        ? {
            stream: this.key,
            id,
            consumer: consumer.name,
            previous,
            deliveries: entry.deliveryCount,
          }
        : undefined,
    });
  }

  /** Hands what was claimed to the client, through the fault gate. */
  reply(done: (arrived: unknown[]) => void): void {
    handOver(
      this.server.ctx,
      this.peer,
      () => this.server.connected(this.peer),
      this.handed,
      (arrived) => done(arrived.map((entry) => entry.value)),
    );
  }
}
