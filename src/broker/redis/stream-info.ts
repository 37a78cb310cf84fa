import { ReplyError } from './reply-error';
import { groupLag, unknownEntriesRead } from './consumer-group';
import { byName, findGroup } from './group-commands';
import { notModelled } from './not-modelled';
import { checkArity } from './stream-arguments';
import type { EntryReply } from './stream-commands';
import { formatId, maxId, minId, type StreamId } from './stream-id';
import type { StreamLog } from './stream-log';
import type { StreamServer } from './stream-server';

/**
 * XINFO STREAM | GROUPS | CONSUMERS (xinfoCommand), as ioredis 6 returns them by default: its
 * "legacy" reply mapping flattens RESP3 maps into `[name, value, name, value, …]` arrays.
 */
export function xinfo(server: StreamServer, argv: readonly string[]): unknown[] {
  checkArity(argv, -2);
  const sub = argv[1]!.toUpperCase();
  if (sub === 'HELP') throw notModelled('XINFO HELP', 'the Redis documentation of XINFO');
  const arity: Record<string, number> = { STREAM: -3, GROUPS: 3, CONSUMERS: 4 };
  const subArity = arity[sub];
  if (subArity === undefined) {
    throw new ReplyError(`ERR unknown subcommand '${argv[1]}'. Try XINFO HELP.`);
  }
  checkArity(argv, subArity, `xinfo|${sub.toLowerCase()}`);
  const key = argv[2]!;
  const stream = server.stream(key);
  if (stream === undefined) throw new ReplyError('ERR no such key');
  const now = server.now();
  if (sub === 'CONSUMERS') {
    const group = findGroup(stream, argv[3]!);
    if (group === undefined) {
      throw new ReplyError(`NOGROUP No such consumer group '${argv[3]}' for key name '${key}'`);
    }
    return [...group.consumers.values()]
      .sort((a, b) => byName(a.name, b.name))
      .map((consumer) => [
        'name',
        consumer.name,
        'pending',
        consumer.pending.size,
        'idle',
        Math.max(0, now - consumer.seenTime),
      ]);
  }
  if (sub === 'GROUPS') {
    return [...(stream.groups?.values() ?? [])]
      .sort((a, b) => byName(a.name, b.name))
      .map((group) => [
        'name',
        group.name,
        'consumers',
        group.consumers.size,
        'pending',
        group.pending.size,
        'last-delivered-id',
        formatId(group.lastId.ms, group.lastId.seq),
        'entries-read',
        group.entriesRead === unknownEntriesRead ? null : group.entriesRead,
        'lag',
        groupLag(stream, group),
      ]);
  }
  if (argv.length > 3) {
    const options = argv.slice(3).map((option) => option.toUpperCase());
    const valid =
      options[0] === 'FULL' &&
      (options.length === 1 || (options.length === 3 && options[1] === 'COUNT'));
    if (!valid) {
      throw new ReplyError(
        `ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try XINFO HELP.`,
      );
    }
    throw notModelled(
      'XINFO STREAM … FULL',
      'XINFO STREAM, XINFO GROUPS, XINFO CONSUMERS and XPENDING',
    );
  }
  return [
    'length',
    stream.length,
    'radix-tree-keys',
    stream.nodeCount,
    'radix-tree-nodes',
    radixTreeNodes(stream.nodeKeys()),
    'last-generated-id',
    formatId(stream.lastId.ms, stream.lastId.seq),
    'max-deleted-entry-id',
    formatId(stream.maxDeletedId.ms, stream.maxDeletedId.seq),
    'entries-added',
    stream.entriesAdded,
    'recorded-first-entry-id',
    formatId(stream.firstId.ms, stream.firstId.seq),
    'groups',
    stream.groups?.size ?? 0,
    'first-entry',
    edgeEntry(stream, false),
    'last-entry',
    edgeEntry(stream, true),
  ];
}

function edgeEntry(stream: StreamLog, last: boolean): EntryReply | null {
  let entry: EntryReply | null = null;
  stream.scan(minId, maxId, last, (node, slot) => {
    entry = [formatId(node.ms(slot), node.seq(slot)), node.fieldsOf(slot)];
    return false;
  });
  return entry;
}

/**
 * The node count of the radix tree Redis keeps a stream's nodes in, keyed by each node's first
 * id as 16 big-endian bytes: the root, every prefix where keys branch, each branch's first
 * step, and every key (compressed runs in between are one node each with what follows).
 */
export function radixTreeNodes(keys: readonly StreamId[]): number {
  const bytes = keys.map(idBytes);
  const nodes = new Set<string>(['']);
  for (let i = 0; i < bytes.length; i++) {
    const key = bytes[i]!;
    nodes.add(key);
    const next = bytes[i + 1];
    if (next === undefined) continue;
    let common = 0;
    while (common < key.length && key[common] === next[common]) common++;
    nodes.add(key.slice(0, common));
    nodes.add(key.slice(0, common + 1));
    nodes.add(next.slice(0, common + 1));
  }
  return nodes.size;
}

/** An id as the 16 bytes of its radix-tree key, one character per byte. */
function idBytes(id: StreamId): string {
  return uint64Bytes(id.ms) + uint64Bytes(id.seq);
}

function uint64Bytes(value: number): string {
  if (value === Infinity) return '\xff'.repeat(8);
  let high = Math.floor(value / 0x1_0000_0000);
  let low = value % 0x1_0000_0000;
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    out.unshift(low & 0xff);
    low = Math.floor(low / 256);
  }
  for (let i = 0; i < 4; i++) {
    out.unshift(high & 0xff);
    high = Math.floor(high / 256);
  }
  return String.fromCharCode(...out);
}
