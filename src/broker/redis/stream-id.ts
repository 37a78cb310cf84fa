import { ReplyError } from './reply-error';
import { notModelled } from './not-modelled';

/**
 * A stream entry id `<ms>-<seq>`, as two numbers. Redis keeps both parts as unsigned 64-bit
 * integers; the simulator keeps them as JavaScript numbers, exact up to 2^53, with the largest
 * id Redis knows (`18446744073709551615`, what `+` stands for) as `Infinity`. Ids between 2^53
 * and that largest one are refused as not modelled.
 */
export interface StreamId {
  readonly ms: number;
  readonly seq: number;
}

/** `-`: the smallest id. */
export const minId: StreamId = { ms: 0, seq: 0 };
/** `+`: the largest id (UINT64_MAX-UINT64_MAX). */
export const maxId: StreamId = { ms: Infinity, seq: Infinity };

const uint64Max = '18446744073709551615';

export const invalidIdMessage = 'ERR Invalid stream ID specified as stream command argument';

/** Negative, zero or positive as `a` sorts before, with or after `b` (streamCompareID). */
export function compareIds(aMs: number, aSeq: number, bMs: number, bSeq: number): number {
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}

export function compareId(a: StreamId, b: StreamId): number {
  return compareIds(a.ms, a.seq, b.ms, b.seq);
}

/** `<ms>-<seq>` as Redis prints it. */
export function formatId(ms: number, seq: number): string {
  return `${ms === Infinity ? uint64Max : ms}-${seq === Infinity ? uint64Max : seq}`;
}

/** The next id (streamIncrID); undefined after the largest one. */
export function nextId(id: StreamId): StreamId | undefined {
  if (id.seq !== Infinity) return { ms: id.ms, seq: id.seq + 1 };
  if (id.ms === Infinity) return undefined;
  return { ms: id.ms + 1, seq: 0 };
}

/** The id before (streamDecrID); undefined before 0-0. */
export function previousId(id: StreamId): StreamId | undefined {
  if (id.seq !== 0) return { ms: id.ms, seq: id.seq - 1 };
  if (id.ms === 0) return undefined;
  return { ms: id.ms - 1, seq: Infinity };
}

export function isZeroId(id: StreamId): boolean {
  return id.ms === 0 && id.seq === 0;
}

/**
 * One part of an id, read as Redis's string2ull does: decimal digits, optionally after blanks
 * and a `+` (strtoull's leniency), at most UINT64_MAX. Undefined if it is not a number.
 */
function parsePart(text: string): number | undefined {
  const length = text.length;
  if (length > 0 && length <= 15) {
    let value = 0;
    for (let i = 0; i < length; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return parseLenient(text);
      value = value * 10 + digit;
    }
    return value;
  }
  return parseLenient(text);
}

function parseLenient(text: string): number | undefined {
  const match = /^[ \t\n\v\f\r]*\+?(\d+)$/.exec(text);
  if (!match) return undefined;
  const digits = match[1]!.replace(/^0+(?=\d)/, '');
  if (digits.length > uint64Max.length) return undefined;
  if (digits.length === uint64Max.length) {
    if (digits > uint64Max) return undefined;
    if (digits === uint64Max) return Infinity;
  }
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) {
    throw notModelled(
      `stream ids with a part above 2^53 (${digits})`,
      'ids made by `*` or smaller explicit ids',
    );
  }
  return value;
}

/** How {@link parseId} reads one argument. */
export interface IdParseOptions {
  /** The sequence of an id given as `<ms>` alone: 0 for starts, UINT64_MAX for range ends. */
  readonly missingSeq?: number;
  /** `-` and `+` are refused (strict parsing). */
  readonly strict?: boolean;
  /** `<ms>-*` is accepted (XADD): then `seqGiven` is false. */
  readonly allowAutoSeq?: boolean;
}

/** An id argument as streamGenericParseIDOrReply reads it; `seqGiven` for XADD's `<ms>-*`. */
export interface ParsedId extends StreamId {
  readonly seqGiven: boolean;
}

/** Parses an id argument, or throws Redis's "Invalid stream ID" reply. */
export function parseId(text: string, options: IdParseOptions = {}): ParsedId {
  const parsed = tryParseId(text, options);
  if (parsed === undefined) throw new ReplyError(invalidIdMessage);
  return parsed;
}

/** {@link parseId} without the error: undefined when the argument is not an id. */
export function tryParseId(text: string, options: IdParseOptions = {}): ParsedId | undefined {
  if (text.length > 127) return undefined;
  if (text === '-' || text === '+') {
    if (options.strict === true) return undefined;
    return text === '-' ? { ...minId, seqGiven: true } : { ...maxId, seqGiven: true };
  }
  const dash = text.indexOf('-');
  const ms = parsePart(dash < 0 ? text : text.slice(0, dash));
  if (ms === undefined) return undefined;
  if (dash < 0) return { ms, seq: options.missingSeq ?? 0, seqGiven: true };
  const rest = text.slice(dash + 1);
  if (options.allowAutoSeq === true && rest === '*') return { ms, seq: 0, seqGiven: false };
  const seq = parsePart(rest);
  if (seq === undefined) return undefined;
  return { ms, seq, seqGiven: true };
}

/**
 * A range bound (XRANGE, XPENDING, XAUTOCLAIM start): `(` makes it exclusive, which Redis
 * turns into the next id for a start and the previous one for an end, with its own error when
 * there is none.
 */
export function parseRangeBound(text: string, side: 'start' | 'end'): StreamId {
  const exclusive = text.length > 1 && text.charCodeAt(0) === 40; // '('
  const missingSeq = side === 'start' ? 0 : Infinity;
  if (!exclusive) return parseId(text, { missingSeq });
  const id = parseId(text.slice(1), { missingSeq, strict: true });
  const moved = side === 'start' ? nextId(id) : previousId(id);
  if (moved === undefined) throw new ReplyError(`ERR invalid ${side} ID for the interval`);
  return moved;
}
