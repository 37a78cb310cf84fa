import { randomBytes } from 'node:crypto';

/**
 * The names of one run on a shared broker. Every queue, exchange, channel, key, subject and
 * stream the reader's code names gets `edp-<6 hex>` in front on the server, and loses it again
 * in whatever the server hands back, so the code sees its own names and two runs (two readers,
 * two CI jobs) never meet. The separator follows each broker's name rules.
 */
export interface RunNames {
  /** `edp-1a2b3c`: what every name of the run starts with on the server. */
  readonly tag: string;
  /** The server's name for `name`, joined with `separator` (`edp-1a2b3c.orders`). */
  toServer(name: string, separator: string): string;
  /** The reader's name for a server name; names of other origins pass unchanged. */
  toReader(name: string, separator: string): string;
}

/** A fresh tag for one run (or `tag` when given, for cleanup of a known run). */
export function createRunNames(tag = `edp-${randomBytes(3).toString('hex')}`): RunNames {
  return {
    tag,
    toServer: (name, separator) => `${tag}${separator}${name}`,
    toReader: (name, separator) =>
      name.startsWith(`${tag}${separator}`) ? name.slice(tag.length + separator.length) : name,
  };
}

/** Where a wrapped client reports each name it made the server create, before it asks. */
export type DeclareName = (kind: DeclaredKind, serverName: string) => void;

/** What a run can leave on a broker, by kind, for the cleanup at its end. */
export type DeclaredKind = 'queue' | 'exchange' | 'stream';
