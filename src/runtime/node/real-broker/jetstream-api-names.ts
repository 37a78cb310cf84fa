/**
 * JetStream's API names streams in two places the subject rule of isolate-nats.ts does not
 * reach: tokens of the API subject (`$JS.API.STREAM.INFO.<stream>`) and fields of the JSON
 * bodies (`{ name, subjects }`). These functions rename both ways, so a run's streams are
 * `<tag>_<name>` on the server, with subjects `<tag>.<subject>`, while the code sees its own.
 * Field names follow the JetStream API schema (nats-server's `server/jetstream_api.go`).
 */

/** Renames for one run: a stream name, a subject, and back. */
export interface JetStreamRenames {
  stream(name: string): string;
  subject(subject: string): string;
}

/** API operations whose next token is a stream name; longest first. */
const streamOperations = [
  'STREAM.MSG.GET',
  'STREAM.MSG.DELETE',
  'STREAM.CREATE',
  'STREAM.UPDATE',
  'STREAM.DELETE',
  'STREAM.INFO',
  'STREAM.PURGE',
  'CONSUMER.DURABLE.CREATE',
  'CONSUMER.MSG.NEXT',
  'CONSUMER.CREATE',
  'CONSUMER.INFO',
  'CONSUMER.DELETE',
  'CONSUMER.PAUSE',
  'CONSUMER.NAMES',
  'CONSUMER.LIST',
  'DIRECT.GET',
];

/**
 * `$JS.API.STREAM.INFO.orders` → `$JS.API.STREAM.INFO.<tag>_orders`. The consumer name after
 * a stream stays (consumers live inside their stream); a filter subject after
 * `CONSUMER.CREATE.<stream>.<consumer>` and the subject after `DIRECT.GET.<stream>` are renamed
 * as subjects.
 */
export function renameApiSubject(subject: string, rename: JetStreamRenames): string {
  const api = '$JS.API.';
  if (!subject.startsWith(api)) return subject;
  const rest = subject.slice(api.length);
  const operation = streamOperations.find((op) => rest.startsWith(`${op}.`));
  if (!operation) return subject;
  const tokens = rest.slice(operation.length + 1).split('.');
  const [stream = '', ...after] = tokens;
  let tail = after;
  if (operation === 'CONSUMER.CREATE' && after.length > 1) {
    tail = [after[0] ?? '', rename.subject(after.slice(1).join('.'))];
  } else if (operation === 'DIRECT.GET' && after.length > 0) {
    tail = [rename.subject(after.join('.'))];
  }
  return [`${api}${operation}`, rename.stream(stream), ...tail].join('.');
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Renames the stream and subject fields of a JetStream API request body (a config, a filter).
 * `streamConfig`: the body is a stream's configuration (STREAM.CREATE / UPDATE), whose `name`
 * is the stream's; elsewhere `name` is a consumer's, which lives inside its stream.
 */
export function renameApiBody(
  body: unknown,
  rename: JetStreamRenames,
  streamConfig: boolean,
): unknown {
  if (!isObject(body)) return body;
  const out: Json = { ...body };
  const subject = (key: string, target: Json = out): void => {
    if (typeof target[key] === 'string') target[key] = rename.subject(target[key]);
  };
  const subjects = (key: string, target: Json = out): void => {
    const list = target[key];
    if (Array.isArray(list)) {
      target[key] = list.map((item: unknown) =>
        typeof item === 'string' ? rename.subject(item) : item,
      );
    }
  };
  if (streamConfig && typeof out['name'] === 'string') out['name'] = rename.stream(out['name']);
  if (typeof out['stream_name'] === 'string')
    out['stream_name'] = rename.stream(out['stream_name']);
  subjects('subjects');
  for (const key of ['subject', 'filter', 'last_by_subj', 'next_by_subj']) subject(key);
  subjects('multi_last');
  if (isObject(out['mirror'])) {
    const mirror = { ...out['mirror'] };
    if (typeof mirror['name'] === 'string') mirror['name'] = rename.stream(mirror['name']);
    out['mirror'] = mirror;
  }
  if (Array.isArray(out['sources'])) {
    out['sources'] = out['sources'].map((source: unknown) =>
      isObject(source) && typeof source['name'] === 'string'
        ? { ...source, name: rename.stream(source['name']) }
        : source,
    );
  }
  if (isObject(out['config'])) {
    const config = { ...out['config'] };
    subject('filter_subject', config);
    subjects('filter_subjects', config);
    out['config'] = config;
  }
  return out;
}

/**
 * A reply body (JSON text) with the run's names taken back out: every JSON string that starts
 * with the run's tag and a separator loses them. The tag is random per run, so only the run's
 * own names carry it.
 */
export function unrenameReplyText(text: string, tag: string): string {
  return text.split(`"${tag}_`).join('"').split(`"${tag}.`).join('"');
}
