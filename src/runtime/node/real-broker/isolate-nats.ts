import {
  renameApiBody,
  renameApiSubject,
  unrenameReplyText,
  type JetStreamRenames,
} from './jetstream-api-names';
import type { RunNames } from './run-names';
import { callReal, wrapObject, type Override } from './wrap-object';

/** Between the run's tag and a subject (`edp-1a2b3c.orders.created`): a subject token. */
export const natsSubjectSeparator = '.';
/** Between the run's tag and a stream name (`edp-1a2b3c_ORDERS`: no dots in stream names). */
export const natsStreamSeparator = '_';

/** A subject the server or the client owns (`_INBOX.…` replies, `$JS.…` APIs): not the code's. */
const serverSubject = (subject: string): boolean =>
  subject.startsWith('_INBOX.') || subject.startsWith('$');

type Msg = { subject: string; data: Uint8Array } & Record<string, unknown>;

/**
 * `@nats-io/transport-node` as a service of a `--broker real` run sees it: `connect()` goes to
 * the run's server, every subject the code publishes, requests or subscribes to is renamed
 * (reply inboxes and `$…` API subjects excepted) and renamed back on each message it receives.
 * `@nats-io/jetstream` works through this connection unchanged: its API requests are renamed
 * here too (stream names in API subjects and bodies: jetstream-api-names.ts), and the run's
 * names are taken out of every reply. Not renamed back: the stream name inside a JetStream
 * message's ack subject (`msg.info.stream`), and headers such as `Nats-Stream`.
 */
export function isolateNatsTransport(
  real: Record<string, unknown>,
  address: string,
  names: RunNames,
): Record<string, unknown> {
  const toServer = (subject: unknown): unknown => {
    if (typeof subject !== 'string') return subject;
    if (subject.startsWith('$JS.API.')) return renameApiSubject(subject, renames);
    return serverSubject(subject) ? subject : names.toServer(subject, natsSubjectSeparator);
  };
  const renames: JetStreamRenames = {
    stream: (name) => names.toServer(name, natsStreamSeparator),
    subject: (subject) => toServer(subject) as string,
  };
  const toReader = (subject: string): string => names.toReader(subject, natsSubjectSeparator);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder('utf-8', { fatal: true });

  /** A message with the reader's subject, and the run's names out of its body when it has any. */
  const msgBack = (msg: unknown): unknown => {
    if (!msg || typeof msg !== 'object' || typeof (msg as Msg).subject !== 'string') return msg;
    const real = msg as Msg;
    const values: Record<string, unknown> = { subject: toReader(real.subject) };
    let text: string | undefined;
    try {
      text = real.data instanceof Uint8Array ? decoder.decode(real.data) : undefined;
    } catch {
      text = undefined; // not UTF-8: the code's own bytes
    }
    if (text?.includes(`"${names.tag}`)) {
      const plain = unrenameReplyText(text, names.tag);
      values['data'] = encoder.encode(plain);
      values['string'] = () => plain;
      values['json'] = () => JSON.parse(plain) as unknown;
    }
    return wrapObject(real, {}, values);
  };
  /** A JetStream API request body with the run's names in. */
  const bodyToServer = (subject: unknown, data: unknown): unknown => {
    if (typeof subject !== 'string' || !subject.startsWith('$JS.API.')) return data;
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) return data;
    let body: unknown;
    try {
      body = JSON.parse(decoder.decode(bytes));
    } catch {
      return data;
    }
    const streamConfig = /^\$JS\.API\.STREAM\.(CREATE|UPDATE)\./.test(subject);
    return encoder.encode(JSON.stringify(renameApiBody(body, renames, streamConfig)));
  };
  const subscriptionBack = (subscription: object): object =>
    wrapObject(
      subscription,
      { getSubject: (target) => toReader(callReal(target, 'getSubject', []) as string) },
      undefined,
      async function* (real: AsyncIterable<unknown>) {
        for await (const msg of real) yield msgBack(msg);
      },
    );
  const connectionOverrides: Record<string, Override> = {
    publish: (target, subject, data, ...rest) =>
      callReal(target, 'publish', [toServer(subject), bodyToServer(subject, data), ...rest]),
    request: async (target, subject, data, ...rest) =>
      msgBack(
        await callReal(target, 'request', [
          toServer(subject),
          bodyToServer(subject, data),
          ...rest,
        ]),
      ),
    subscribe: (target, subject, options) => {
      const opts = options as { callback?: (error: unknown, msg: unknown) => void } | undefined;
      const renamed = opts?.callback
        ? {
            ...opts,
            callback: (error: unknown, msg: unknown) => opts.callback?.(error, msgBack(msg)),
          }
        : options;
      return subscriptionBack(
        callReal(target, 'subscribe', [toServer(subject), renamed]) as object,
      );
    },
  };
  const connect = async (options: unknown): Promise<unknown> => {
    const kept = typeof options === 'object' && options !== null ? options : {};
    const connection = await (callReal(real, 'connect', [
      { ...kept, servers: address },
    ]) as Promise<object>);
    return wrapObject(connection, connectionOverrides);
  };
  return { ...real, connect };
}
