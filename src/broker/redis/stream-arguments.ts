import { parseLongLong } from './integer-text';
import { ReplyError } from './reply-error';
import type { TrimRequest } from './stream-log';
import { minId, parseId, type ParsedId } from './stream-id';

/**
 * Command arguments as Redis reads them, with Redis's own error replies. Each parser takes
 * `argv` as the server sees it: the command name first, then what the client sent, so the
 * indexes match Redis's sources (src/t_stream.c) line for line.
 */

export const syntaxErrorMessage = 'ERR syntax error';
export const notIntegerMessage = 'ERR value is not an integer or out of range';

/** The command table's arity check: `arity` exact when positive, a minimum when negative. */
export function checkArity(argv: readonly string[], arity: number, name?: string): void {
  const argc = argv.length;
  if ((arity > 0 && argc !== arity) || argc < -arity) {
    const command = name ?? argv[0]!.toLowerCase();
    throw new ReplyError(`ERR wrong number of arguments for '${command}' command`);
  }
}

/** A 64-bit integer argument (getLongLongFromObjectOrReply); `message` replaces Redis's default. */
export function integerArg(text: string | undefined, message = notIntegerMessage): number {
  // string2ll's rules (integer-text.ts): "-0" is no integer to Redis, so XTRIM MAXLEN -0 fails.
  const value = text === undefined ? undefined : parseLongLong(text);
  if (value === undefined) throw new ReplyError(message);
  return Number(value);
}

/** BLOCK's milliseconds (getTimeoutFromObjectOrReply): 0 waits for ever. */
export function timeoutArg(text: string): number {
  const value = integerArg(text, 'ERR timeout is not an integer or out of range');
  if (value < 0) throw new ReplyError('ERR timeout is negative');
  return value;
}

export function equalsIgnoreCase(text: string | undefined, word: string): boolean {
  return text !== undefined && text.length === word.length && text.toUpperCase() === word;
}

/** What XADD's and XTRIM's options say (streamAddTrimArgs). */
export interface AddTrimArguments {
  readonly trim: TrimRequest | undefined;
  /** XADD: the explicit id, or undefined for `*`. */
  readonly id: ParsedId | undefined;
  readonly noMkStream: boolean;
  /** XADD: where the id argument is; the fields follow it. */
  readonly idIndex: number;
}

/** Redis's default LIMIT for `~` trimming: 100 nodes of `stream-node-max-entries` (100). */
const approxDefaultLimit = 100 * 100;

/** Parses XADD's or XTRIM's options (streamParseAddOrTrimArgsOrReply). */
export function parseAddTrimArguments(argv: readonly string[], xadd: boolean): AddTrimArguments {
  let strategy: TrimRequest['strategy'] | undefined;
  let approx = false;
  let maxlen = 0;
  let minid = minId;
  let limit = 0;
  let limitGiven = false;
  let noMkStream = false;
  let id: ParsedId | undefined;
  let i = 2;
  for (; i < argv.length; i++) {
    const moreArgs = argv.length - 1 - i;
    const option = argv[i]!;
    if (xadd && option === '*') break;
    const upper = option.toUpperCase();
    if ((upper === 'MAXLEN' || upper === 'MINID') && moreArgs > 0) {
      if (strategy !== undefined) {
        throw new ReplyError(
          'ERR syntax error, MAXLEN and MINID options at the same time are not compatible',
        );
      }
      approx = false;
      const next = argv[i + 1];
      if (moreArgs >= 2 && next === '~') {
        approx = true;
        i++;
      } else if (moreArgs >= 2 && next === '=') i++;
      if (upper === 'MAXLEN') {
        maxlen = integerArg(argv[i + 1]);
        if (maxlen < 0) throw new ReplyError('ERR The MAXLEN argument must be >= 0.');
        strategy = 'maxlen';
      } else {
        minid = parseId(argv[i + 1]!, { strict: true });
        strategy = 'minid';
      }
      i++;
    } else if (upper === 'LIMIT' && moreArgs > 0) {
      limit = integerArg(argv[i + 1]);
      if (limit < 0) throw new ReplyError('ERR The LIMIT argument must be >= 0.');
      limitGiven = true;
      i++;
    } else if (xadd && upper === 'NOMKSTREAM') {
      noMkStream = true;
    } else if (xadd) {
      id = parseId(option, { strict: true, allowAutoSeq: true });
      break;
    } else {
      throw new ReplyError(syntaxErrorMessage);
    }
  }
  if (limit > 0 && strategy === undefined) {
    throw new ReplyError(
      'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy',
    );
  }
  if (!xadd && strategy === undefined) {
    throw new ReplyError('ERR syntax error, XTRIM must be called with a trimming strategy');
  }
  if (limitGiven && !approx) {
    throw new ReplyError('ERR syntax error, LIMIT cannot be used without the special ~ option');
  }
  if (!limitGiven) limit = approx ? approxDefaultLimit : 0;
  const trim = strategy === undefined ? undefined : { strategy, maxlen, minid, approx, limit };
  return { trim, id, noMkStream, idIndex: i };
}

/** What XREAD's and XREADGROUP's options say, before the ids are resolved against the keys. */
export interface ReadArguments {
  /** BLOCK milliseconds (0 for ever), or undefined without BLOCK. */
  readonly block: number | undefined;
  /** COUNT, 0 for no limit. */
  readonly count: number;
  readonly noack: boolean;
  readonly group: { readonly name: string; readonly consumer: string } | undefined;
  readonly keys: readonly string[];
  readonly ids: readonly string[];
}

/** Parses XREAD / XREADGROUP (the option loop of xreadCommand). */
export function parseReadArguments(argv: readonly string[], xreadgroup: boolean): ReadArguments {
  let block: number | undefined;
  let count = 0;
  let noack = false;
  let group: ReadArguments['group'];
  let streamsAt = 0;
  for (let i = 1; i < argv.length; i++) {
    const moreArgs = argv.length - i - 1;
    const option = argv[i]!.toUpperCase();
    if (option === 'BLOCK' && moreArgs > 0) {
      block = timeoutArg(argv[++i]!);
    } else if (option === 'COUNT' && moreArgs > 0) {
      count = Math.max(0, integerArg(argv[++i]));
    } else if (option === 'STREAMS' && moreArgs > 0) {
      streamsAt = i + 1;
      if ((argv.length - streamsAt) % 2 !== 0) {
        throw new ReplyError(
          "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.",
        );
      }
      break;
    } else if (option === 'GROUP' && moreArgs >= 2) {
      if (!xreadgroup) {
        throw new ReplyError(
          'ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.',
        );
      }
      group = { name: argv[i + 1]!, consumer: argv[i + 2]! };
      i += 2;
    } else if (option === 'NOACK') {
      if (!xreadgroup) {
        throw new ReplyError(
          'ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.',
        );
      }
      noack = true;
    } else {
      throw new ReplyError(syntaxErrorMessage);
    }
  }
  if (streamsAt === 0) throw new ReplyError(syntaxErrorMessage);
  if (xreadgroup && group === undefined) {
    throw new ReplyError('ERR Missing GROUP option for XREADGROUP');
  }
  const half = (argv.length - streamsAt) / 2;
  return {
    block,
    count,
    noack,
    group,
    keys: argv.slice(streamsAt, streamsAt + half),
    ids: argv.slice(streamsAt + half),
  };
}
