import { ReplyError } from './reply-error';
import type { RedisPeer } from './redis-model';
import type { BlockedReads } from './blocked-reads';
import { serveHistory, serveNewEntries, type ConsumerGroup } from './consumer-group';
import { findGroup } from './group-commands';
import { handOver, type HandedEntry } from './reader-handover';
import { checkArity, parseReadArguments } from './stream-arguments';
import { compareId, formatId, maxId, minId, nextId, parseId, type StreamId } from './stream-id';
import type { LogNode, StreamLog } from './stream-log';
import { groupEndpoint, messageIdText, streamEndpoint, type StreamServer } from './stream-server';

/** How a read ends: an error reply, or its reply (null when nothing came). */
export type ReadDone = (error: Error | null, reply?: unknown) => void;

/** The group side of an XREADGROUP. */
export interface GroupRead {
  readonly name: string;
  readonly consumer: string;
  readonly noack: boolean;
}

/** The `>` of XREADGROUP: only entries never delivered to the group. */
const newEntriesOnly = maxId;

/** When BLOCK has no COUNT, a served blocked reader gets at most this many entries. */
export const blockedDefaultCount = 1000;

/**
 * XREAD [COUNT n] [BLOCK ms] STREAMS key … id … and XREADGROUP GROUP g c [COUNT n] [BLOCK ms]
 * [NOACK] STREAMS key … id … (xreadCommand): serves at once what it can; otherwise, with BLOCK,
 * the read waits in `blocked` for an XADD, its timeout (in run time) or its connection's end.
 */
export function read(
  server: StreamServer,
  blocked: BlockedReads,
  peer: RedisPeer,
  argv: readonly string[],
  xreadgroup: boolean,
  done: ReadDone,
): void {
  checkArity(argv, xreadgroup ? -7 : -4);
  const args = parseReadArguments(argv, xreadgroup);
  const group: GroupRead | undefined =
    args.group === undefined ? undefined : { ...args.group, noack: args.noack };
  const after: StreamId[] = [];
  const groups: (ConsumerGroup | undefined)[] = [];
  args.keys.forEach((key, i) => {
    const stream = server.stream(key);
    if (group !== undefined) {
      const found = findGroup(stream, group.name);
      if (found === undefined) {
        throw new ReplyError(
          `NOGROUP No such key '${key}' or consumer group '${group.name}' in XREADGROUP with GROUP option`,
        );
      }
      groups.push(found);
    }
    const text = args.ids[i]!;
    if (text === '$') {
      if (xreadgroup) {
        throw new ReplyError(
          'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
        );
      }
      after.push(stream?.lastId ?? minId);
    } else if (text === '>') {
      if (!xreadgroup) {
        throw new ReplyError(
          'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.',
        );
      }
      after.push(newEntriesOnly);
    } else {
      const id = parseId(text, { strict: true });
      after.push({ ms: id.ms, seq: id.seq });
    }
  });

  const handed: HandedEntry[] = [];
  const servedKeys: number[] = [];
  const history: boolean[] = [];
  args.keys.forEach((key, i) => {
    const stream = server.stream(key);
    if (stream === undefined) return;
    let gt = after[i]!;
    const readsHistory = group !== undefined && gt !== newEntriesOnly;
    if (!readsHistory) {
      if (stream.length === 0) return;
      if (group !== undefined) gt = groups[i]!.lastId;
      const last = stream.edgeId(false);
      if (last === undefined || compareId(last, gt) <= 0) return;
    }
    servedKeys.push(i);
    history[i] = readsHistory;
    const start = nextId(gt) ?? minId;
    serveStream(server, stream, key, i, start, args.count, group, readsHistory, handed);
  });

  if (servedKeys.length > 0) {
    handOver(
      server.ctx,
      peer,
      () => server.connected(peer),
      handed,
      (arrived) => {
        done(null, readReply(args.keys, servedKeys, history, arrived));
      },
    );
    return;
  }
  if (args.block === undefined) {
    done(null, null);
    return;
  }
  blocked.block(
    {
      peer,
      keys: args.keys,
      after,
      group,
      count: args.count > 0 ? args.count : blockedDefaultCount,
      done,
    },
    args.block,
  );
}

/** Groups what arrived back by stream, in the order the streams were asked for. */
export function readReply(
  keys: readonly string[],
  servedKeys: readonly number[],
  history: readonly boolean[],
  arrived: readonly HandedEntry[],
): [string, unknown[]][] | null {
  const reply: [string, unknown[]][] = [];
  for (const index of servedKeys) {
    const entries: unknown[] = [];
    for (const entry of arrived) if (entry.stream === index) entries.push(entry.value);
    // A history read answers even when empty; new entries all lost on the way answer nothing.
    if (entries.length > 0 || history[index] === true) reply.push([keys[index]!, entries]);
  }
  return reply.length > 0 ? reply : null;
}

/**
 * Serves one stream of a read from `start` on: new entries for XREAD or a group's `>`, or the
 * consumer's own pending entries for a history read. Adds what it serves to `handed`.
 */
export function serveStream(
  server: StreamServer,
  stream: StreamLog,
  key: string,
  index: number,
  start: StreamId,
  count: number,
  group: GroupRead | undefined,
  readsHistory: boolean,
  handed: HandedEntry[],
): void {
  const traced = server.ctx.traced;
  const now = server.now();
  if (group === undefined) {
    const from = streamEndpoint(key);
    let emitted = 0;
    stream.scan(start, maxId, false, (node, slot) => {
      const id = formatId(node.ms(slot), node.seq(slot));
      handed.push(newEntry(node, slot, id, index, from, traced ? { stream: key, id } : undefined));
      return count === 0 || ++emitted < count;
    });
    return;
  }
  const found = findGroup(stream, group.name)!;
  const consumer = found.consumer(group.consumer, now);
  const from = groupEndpoint(key, group.name);
  if (readsHistory) {
    for (const { entry, ref } of serveHistory(stream, consumer, start, count, now)) {
      const id = entry.id;
      const fields = ref === undefined ? undefined : ref.node.fieldsOf(ref.slot);
      handed.push({
        value: [id, fields ?? null],
        stream: index,
        // A deleted entry carries no message: nothing to lose or trace on the way.
        messageId: fields === undefined ? undefined : messageIdText(entry.messageId),
        from,
        kind: 'redelivered',
        reason: 'history',
        fields,
        detail: traced
          ? {
              stream: key,
              id,
              group: group.name,
              consumer: group.consumer,
              deliveries: entry.deliveryCount,
            }
          : undefined,
      });
    }
    return;
  }
  const { name, consumer: consumerName, noack } = group;
  serveNewEntries(stream, found, consumer, start, count, noack, now, (node, slot, id) => {
    const detail = traced
      ? { stream: key, id, group: name, consumer: consumerName, noack }
      : undefined;
    handed.push(newEntry(node, slot, id, index, from, detail));
  });
}

/** An entry delivered for the first time (to XREAD, or to a group with `>`). */
function newEntry(
  node: LogNode,
  slot: number,
  id: string,
  stream: number,
  from: string,
  detail: HandedEntry['detail'],
): HandedEntry {
  const fields = node.fieldsOf(slot);
  const messageId = messageIdText(node.messageId(slot));
  return { value: [id, fields], stream, messageId, from, kind: 'delivered', fields, detail };
}
