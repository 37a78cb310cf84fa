import { ReplyError } from './reply-error';
import type { RedisPeer } from './redis-model';
import { fieldsPayload } from './reader-handover';
import {
  checkArity,
  integerArg,
  parseAddTrimArguments,
  syntaxErrorMessage,
  type AddTrimArguments,
} from './stream-arguments';
import { compareId, formatId, parseId, parseRangeBound, type StreamId } from './stream-id';
import type { RemovedEntry, TrimRequest } from './stream-log';
import { messageIdText, streamEndpoint, type StreamServer } from './stream-server';

const plainAdd: AddTrimArguments = {
  trim: undefined,
  id: undefined,
  noMkStream: false,
  idIndex: 2,
};

/** An entry as XRANGE, XREAD and friends reply it: `[id, [field, value, …]]`. */
export type EntryReply = [string, string[]];

/**
 * XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value …
 * Returns the new id, or null with NOMKSTREAM and no key. Ids come from run time.
 */
export function xadd(
  server: StreamServer,
  peer: RedisPeer,
  argv: readonly string[],
): string | null {
  checkArity(argv, -5);
  // `XADD key * field value …`, the common case, has no options to read.
  const args = argv[2] === '*' ? plainAdd : parseAddTrimArguments(argv, true);
  const fieldAt = args.idIndex + 1;
  const fieldCount = argv.length - fieldAt;
  if (fieldCount < 2 || fieldCount % 2 === 1) {
    throw new ReplyError("ERR wrong number of arguments for 'xadd' command");
  }
  const given = args.id;
  if (given !== undefined && given.seqGiven && given.ms === 0 && given.seq === 0) {
    throw new ReplyError('ERR The ID specified in XADD must be greater than 0-0');
  }
  const key = argv[1]!;
  let stream = server.stream(key);
  if (stream === undefined) {
    if (args.noMkStream) return null;
    stream = server.createStream(key);
  }
  if (stream.exhausted) {
    throw new ReplyError(
      'ERR The stream has exhausted the last possible ID, unable to add more items',
    );
  }
  const last = stream.lastId;
  let id: StreamId | undefined;
  if (given === undefined) id = stream.autoId(server.now());
  else if (given.seqGiven) id = given;
  else if (given.ms === last.ms)
    id = last.seq === Infinity ? undefined : { ms: last.ms, seq: last.seq + 1 };
  else id = { ms: given.ms, seq: 0 };
  if (id === undefined || compareId(id, last) <= 0) {
    throw new ReplyError(
      'ERR The ID specified in XADD is equal or smaller than the target stream top item',
    );
  }
  const messageId = server.ctx.nextMessageId();
  stream.append(id, argv, fieldAt, Number(messageId.slice(1)));
  const text = formatId(id.ms, id.seq);
  const { ctx } = server;
  if (ctx.traced) {
    ctx.trace({
      kind: 'published',
      from: peer.name,
      to: streamEndpoint(key),
      messageId,
      payload: fieldsPayload(argv, fieldAt),
      detail: { stream: key, id: text },
    });
  }
  if (args.trim !== undefined) stream.trim(args.trim, traceRemoved(server, key, args.trim));
  server.keyReady(key);
  return text;
}

/** XLEN key */
export function xlen(server: StreamServer, argv: readonly string[]): number {
  checkArity(argv, 2);
  return server.stream(argv[1]!)?.length ?? 0;
}

/** XRANGE key start end [COUNT n], or XREVRANGE key end start [COUNT n]. */
export function xrange(
  server: StreamServer,
  argv: readonly string[],
  reverse: boolean,
): EntryReply[] | null {
  checkArity(argv, -4);
  const start = parseRangeBound(argv[reverse ? 3 : 2]!, 'start');
  const end = parseRangeBound(argv[reverse ? 2 : 3]!, 'end');
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    if (argv[j]!.toUpperCase() === 'COUNT' && j + 1 < argv.length) {
      count = Math.max(0, integerArg(argv[++j]));
    } else throw new ReplyError(syntaxErrorMessage);
  }
  const stream = server.stream(argv[1]!);
  if (stream === undefined) return [];
  if (count === 0) return null;
  const entries: EntryReply[] = [];
  stream.scan(start, end, reverse, (node, slot) => {
    entries.push([formatId(node.ms(slot), node.seq(slot)), node.fieldsOf(slot)]);
    return count < 0 || entries.length < count;
  });
  return entries;
}

/** XDEL key id [id …]: how many entries went. Their ids stay taken. */
export function xdel(server: StreamServer, argv: readonly string[]): number {
  checkArity(argv, -3);
  const key = argv[1]!;
  const stream = server.stream(key);
  if (stream === undefined) return 0;
  const ids = argv.slice(2).map((text) => parseId(text, { strict: true }));
  const removed = traceRemoved(server, key, undefined);
  let deleted = 0;
  let deletedFirst = false;
  for (const id of ids) {
    const wasFirst = compareId(id, stream.firstId) === 0;
    if (stream.delete({ ms: id.ms, seq: id.seq }, removed)) {
      deleted++;
      if (wasFirst) deletedFirst = true;
    }
  }
  if (deleted > 0) stream.settleFirstIdAfterDelete(deletedFirst);
  return deleted;
}

/** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]: how many entries went. */
export function xtrim(server: StreamServer, argv: readonly string[]): number {
  checkArity(argv, -4);
  const { trim } = parseAddTrimArguments(argv, false);
  const key = argv[1]!;
  const stream = server.stream(key);
  if (stream === undefined || trim === undefined) return 0;
  return stream.trim(trim, traceRemoved(server, key, trim));
}

/** Traces each entry a trim or XDEL removes as `dropped`, with why. */
function traceRemoved(
  server: StreamServer,
  key: string,
  trim: TrimRequest | undefined,
): RemovedEntry | undefined {
  const { ctx } = server;
  if (!ctx.traced) return undefined;
  const endpoint = streamEndpoint(key);
  const reason = trim === undefined ? 'deleted' : trim.strategy;
  return (ms, seq, messageId) =>
    ctx.trace({
      kind: 'dropped',
      from: endpoint,
      to: endpoint,
      messageId: messageIdText(messageId),
      reason,
      detail: { stream: key, id: formatId(ms, seq) },
    });
}
