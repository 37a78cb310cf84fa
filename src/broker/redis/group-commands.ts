import { ReplyError } from './reply-error';
import type { RedisPeer } from './redis-model';
import { ConsumerGroup, unknownEntriesRead } from './consumer-group';
import { notModelled } from './not-modelled';
import { checkArity, equalsIgnoreCase, integerArg, syntaxErrorMessage } from './stream-arguments';
import { compareIds, formatId, minId, parseId, parseRangeBound, type StreamId } from './stream-id';
import type { StreamLog } from './stream-log';
import { groupEndpoint, messageIdText, type StreamServer } from './stream-server';

/** An id written as Redis writes it: the pending lists' key as it is, no parsing needed. */
const canonicalId = /^(?:0|[1-9]\d{0,14})-(?:0|[1-9]\d{0,14})$/;

const keyMustExist =
  'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.';

/** The group `name` of `stream`, if any. */
export function findGroup(stream: StreamLog | undefined, name: string): ConsumerGroup | undefined {
  return stream?.groups?.get(name);
}

/** XGROUP CREATE | SETID | DESTROY | CREATECONSUMER | DELCONSUMER (xgroupCommand). */
export function xgroup(
  server: StreamServer,
  peer: RedisPeer,
  argv: readonly string[],
): string | number {
  checkArity(argv, -2);
  const sub = argv[1]!.toUpperCase();
  if (sub === 'HELP') throw notModelled('XGROUP HELP', 'the Redis documentation of XGROUP');
  const arity: Record<string, number> = {
    CREATE: -5,
    SETID: -5,
    DESTROY: 4,
    CREATECONSUMER: 5,
    DELCONSUMER: 5,
  };
  const subArity = arity[sub];
  if (subArity === undefined) {
    throw new ReplyError(`ERR unknown subcommand '${argv[1]}'. Try XGROUP HELP.`);
  }
  checkArity(argv, subArity, `xgroup|${sub.toLowerCase()}`);
  const subcommandSyntax = `ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try XGROUP HELP.`;
  let mkstream = false;
  let entriesRead = unknownEntriesRead;
  for (let i = 5; i < argv.length;) {
    if (sub === 'CREATE' && equalsIgnoreCase(argv[i], 'MKSTREAM')) {
      mkstream = true;
      i++;
    } else if (
      (sub === 'CREATE' || sub === 'SETID') &&
      equalsIgnoreCase(argv[i], 'ENTRIESREAD') &&
      i + 1 < argv.length
    ) {
      entriesRead = integerArg(argv[i + 1]);
      if (entriesRead < 0 && entriesRead !== unknownEntriesRead) {
        throw new ReplyError('ERR value for ENTRIESREAD must be positive or -1');
      }
      i += 2;
    } else throw new ReplyError(subcommandSyntax);
  }
  const key = argv[2]!;
  const name = argv[3]!;
  let stream = server.stream(key);
  let group: ConsumerGroup | undefined;
  if (!mkstream) {
    if (stream === undefined) throw new ReplyError(keyMustExist);
    group = findGroup(stream, name);
    if (group === undefined && sub !== 'CREATE' && sub !== 'DESTROY') {
      throw new ReplyError(`NOGROUP No such consumer group '${name}' for key name '${key}'`);
    }
  }
  if (
    (sub === 'CREATE' && argv.length > 8) ||
    (sub === 'SETID' && argv.length !== 5 && argv.length !== 7)
  ) {
    throw new ReplyError(subcommandSyntax);
  }
  const now = server.now();
  const endpoint = groupEndpoint(key, name);
  switch (sub) {
    case 'CREATE': {
      const id: StreamId =
        argv[4] === '$' ? (stream?.lastId ?? minId) : parseId(argv[4]!, { strict: true });
      stream ??= server.createStream(key);
      const groups = (stream.groups ??= new Map());
      if (groups.has(name)) throw new ReplyError('BUSYGROUP Consumer Group name already exists');
      groups.set(name, new ConsumerGroup(name, { ms: id.ms, seq: id.seq }, entriesRead));
      server.ctx.trace({
        kind: 'declared',
        from: peer.name,
        to: endpoint,
        detail: { stream: key, group: name, id: formatId(id.ms, id.seq) },
      });
      return 'OK';
    }
    case 'SETID': {
      const id: StreamId = argv[4] === '$' ? stream!.lastId : parseId(argv[4]!);
      group!.lastId = { ms: id.ms, seq: id.seq };
      group!.entriesRead = entriesRead;
      return 'OK';
    }
    case 'DESTROY': {
      if (group === undefined) return 0;
      stream!.groups!.delete(name);
      // Readers blocked on this group learn it is gone (NOGROUP).
      server.keyReady(key);
      return 1;
    }
    case 'CREATECONSUMER': {
      if (group!.consumers.has(argv[4]!)) return 0;
      group!.consumer(argv[4]!, now);
      return 1;
    }
    default:
      return group!.deleteConsumer(argv[4]!);
  }
}

/** XACK key group id [id …]: how many were pending and are acknowledged now. */
export function xack(server: StreamServer, peer: RedisPeer, argv: readonly string[]): number {
  checkArity(argv, -4);
  const key = argv[1]!;
  const group = findGroup(server.stream(key), argv[2]!);
  if (group === undefined) return 0;
  const ids: string[] = [];
  for (let j = 3; j < argv.length; j++) {
    const text = argv[j]!;
    if (canonicalId.test(text)) ids.push(text);
    else {
      const id = parseId(text, { strict: true });
      ids.push(formatId(id.ms, id.seq));
    }
  }
  const { ctx } = server;
  const endpoint = groupEndpoint(key, group.name);
  let acknowledged = 0;
  for (const id of ids) {
    const entry = group.pending.get(id);
    if (entry === undefined) continue;
    group.forget(id, entry);
    acknowledged++;
    if (ctx.traced) {
      ctx.trace({
        kind: 'acked',
        from: peer.name,
        to: endpoint,
        messageId: messageIdText(entry.messageId),
        detail: { stream: key, id, consumer: entry.consumer.name },
      });
    }
  }
  return acknowledged;
}

/** XPENDING key group: `[count, smallest id, largest id, [[consumer, count-as-text], …]]`. */
export type PendingSummary = [number, string | null, string | null, [string, string][] | null];
/** XPENDING key group [IDLE ms] start end count [consumer]: `[id, consumer, idle, deliveries]`. */
export type PendingDetail = [string, string, number, number][];

/** XPENDING, summary or extended form (xpendingCommand). */
export function xpending(
  server: StreamServer,
  argv: readonly string[],
): PendingSummary | PendingDetail {
  checkArity(argv, -3);
  const argc = argv.length;
  if (argc !== 3 && (argc < 6 || argc > 9)) throw new ReplyError(syntaxErrorMessage);
  let minIdle = 0;
  let start = minId;
  let end = minId;
  let count = 0;
  let consumerName: string | undefined;
  if (argc >= 6) {
    let at = 3;
    if (equalsIgnoreCase(argv[3], 'IDLE')) {
      minIdle = integerArg(argv[4]);
      if (argc < 8) throw new ReplyError(syntaxErrorMessage);
      at += 2;
    }
    count = Math.max(0, integerArg(argv[at + 2]));
    start = parseRangeBound(argv[at]!, 'start');
    end = parseRangeBound(argv[at + 1]!, 'end');
    if (at + 3 < argc) consumerName = argv[at + 3];
  }
  const key = argv[1]!;
  const name = argv[2]!;
  const group = findGroup(server.stream(key), name);
  if (group === undefined) {
    throw new ReplyError(`NOGROUP No such key '${key}' or consumer group '${name}'`);
  }
  const now = server.now();
  if (argc === 3) {
    const all = group.pending.ordered();
    if (all.length === 0) return [0, null, null, null];
    const owners = [...group.consumers.values()]
      .filter((consumer) => consumer.pending.size > 0)
      .sort((a, b) => byName(a.name, b.name))
      .map((consumer): [string, string] => [consumer.name, String(consumer.pending.size)]);
    return [all.length, all[0]!.id, all[all.length - 1]!.id, owners];
  }
  let list = group.pending;
  if (consumerName !== undefined) {
    const consumer = group.consumers.get(consumerName);
    if (consumer === undefined) return [];
    list = consumer.pending;
  }
  const detail: PendingDetail = [];
  for (const entry of list.ordered()) {
    if (count === 0) break;
    if (compareIds(entry.ms, entry.seq, start.ms, start.seq) < 0) continue;
    if (compareIds(entry.ms, entry.seq, end.ms, end.seq) > 0) break;
    const idle = Math.max(0, now - entry.deliveryTime);
    if (minIdle > 0 && idle < minIdle) continue;
    detail.push([entry.id, entry.consumer.name, idle, entry.deliveryCount]);
    count--;
  }
  return detail;
}

/** Radix-tree order of names: by bytes, shorter first on a tie (as Redis lists them). */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
