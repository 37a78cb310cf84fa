import type { ModelContext } from '../core/model-context';
import type { RedisPeer } from './redis-model';

/** One entry a reply hands to a reader, with what its hop is traced as. */
export interface HandedEntry {
  /** What the reply carries for it: `[id, fields]`, `[id, null]` (deleted), or an id (JUSTID). */
  readonly value: unknown;
  /** Which stream of a read it belongs to (its place among the keys asked for). */
  readonly stream: number;
  /** The entry's trace message id; undefined for what carries no message (a deleted entry). */
  readonly messageId: string | undefined;
  /** The trace endpoint it comes from: `stream:<key>` or `group:<key>/<group>`. */
  readonly from: string;
  readonly kind: 'delivered' | 'redelivered';
  readonly reason?: string;
  /** The field-value pairs, for the trace's payload. */
  readonly fields: readonly string[] | undefined;
  /** The trace's detail; built only while the trace is observed. */
  readonly detail: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Hands the entries of one reply (XREAD, XREADGROUP, XCLAIM, XAUTOCLAIM) to the client that
 * asked, through the fault gate: each entry is one delivery, so with faults on an entry may be
 * dropped (for a group it stays pending, as if the consumer died before reading it), doubled,
 * delayed or overtaken. The reply comes back once every entry has arrived or been lost, in the
 * order they arrived. Without faults it comes back at once, as it is.
 */
export function handOver(
  ctx: ModelContext,
  peer: RedisPeer,
  connected: () => boolean,
  entries: readonly HandedEntry[],
  done: (arrived: readonly HandedEntry[]) => void,
): void {
  if (!ctx.faulty) {
    if (ctx.traced) for (const entry of entries) traceHandOver(ctx, peer, entry);
    done(entries);
    return;
  }
  const arrived: HandedEntry[] = [];
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
      arrived.push(entry);
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
          traceHandOver(ctx, peer, entry);
          arrived.push(entry);
        }
        if (!duplicate) settle();
      },
      lost: settle,
    });
  }
}

function traceHandOver(ctx: ModelContext, peer: RedisPeer, entry: HandedEntry): void {
  ctx.trace({
    kind: entry.kind,
    from: entry.from,
    to: peer.name,
    messageId: entry.messageId,
    reason: entry.reason,
    payload: entry.fields === undefined || !ctx.traced ? undefined : fieldsPayload(entry.fields),
    detail: entry.detail,
  });
}

/** Field-value pairs as trace payload text: `{"field":"value",…}` (JSON values nested). */
export function fieldsPayload(fields: readonly string[], from = 0): string {
  let text = '{';
  for (let i = from; i + 1 < fields.length; i += 2) {
    if (i > from) text += ',';
    text += `${quoted(fields[i]!)}:${quoted(fields[i + 1]!)}`;
  }
  return `${text}}`;
}

/**
 * A field or value as JSON text for the payload. A value that is itself a JSON object or array
 * (the usual way to put a document in a stream) goes in as it is, so the flow view shows it as
 * nested JSON, and no time goes on escaping it; other text is a JSON string.
 */
function quoted(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if ((first === 123 && last === 125) || (first === 91 && last === 93)) return text; // {…} […]
  return needsEscape.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** The characters JSON must escape. */
const needsEscape = /["\\\u0000-\u001f]/;
