import type { ModelContext } from '../core/model-context';
import type { RedisPeer } from './redis-model';

/** One entry a reply hands to a reader, with what its hop is traced as. */
export interface HandedEntry<T> {
  /** What the reply carries for it (`[id, fields]`, or an id with JUSTID). */
  readonly value: T;
  /** The entry's trace message id; undefined for what carries no message (a deleted entry). */
  readonly messageId: string | undefined;
  /** The trace endpoint it comes from: `stream:<key>` or `group:<key>/<group>`. */
  readonly from: string;
  /** Emits its `delivered` (or `redelivered`) event. */
  readonly trace: () => void;
}

/**
 * Hands the entries of one reply (XREAD, XREADGROUP, XCLAIM, XAUTOCLAIM) to the client that
 * asked, through the fault gate: each entry is one delivery, so with faults on an entry may be
 * dropped (for a group it stays pending, as if the consumer died before reading it), doubled,
 * delayed or overtaken. The reply comes back once every entry has arrived or been lost, in the
 * order they arrived. Without faults it comes back at once, as it is.
 */
export function handOver<T>(
  ctx: ModelContext,
  peer: RedisPeer,
  connected: () => boolean,
  entries: readonly HandedEntry<T>[],
  done: (arrived: T[]) => void,
): void {
  if (!ctx.faulty) {
    for (const entry of entries) entry.trace();
    done(entries.map((entry) => entry.value));
    return;
  }
  const arrived: T[] = [];
  let open = entries.length;
  // A duplicate arrives right after its original: finish on the next task so it is in.
  const settle = (): void => {
    if (--open === 0) ctx.soon(() => done(arrived));
  };
  if (open === 0) {
    done(arrived);
    return;
  }
  for (const entry of entries) {
    if (entry.messageId === undefined) {
      arrived.push(entry.value);
      settle();
      continue;
    }
    ctx.gate.pass(peer, {
      messageId: entry.messageId,
      from: entry.from,
      to: peer.name,
      deliver: (duplicate) => {
        if (!connected()) {
          ctx.trace({
            kind: 'dropped',
            from: entry.from,
            to: peer.name,
            messageId: entry.messageId,
            reason: 'disconnected',
          });
        } else {
          entry.trace();
          arrived.push(entry.value);
        }
        if (!duplicate) settle();
      },
      lost: settle,
    });
  }
}

/** Field-value pairs as trace payload text: `{"field":"value",…}`. */
export function fieldsPayload(fields: readonly string[]): string {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    pairs.push(`${JSON.stringify(fields[i])}:${JSON.stringify(fields[i + 1])}`);
  }
  return `{${pairs.join(',')}}`;
}
