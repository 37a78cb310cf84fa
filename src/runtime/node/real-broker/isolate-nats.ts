import type { RunNames } from './run-names';
import { callReal, wrapObject, type Override } from './wrap-object';

/** Between the run's tag and a subject (`edp-1a2b3c.orders.created`): a subject token. */
export const natsSubjectSeparator = '.';

/** A subject the server or the client owns (`_INBOX.…` replies, `$JS.API.…`): never renamed. */
const serverSubject = (subject: string): boolean =>
  subject.startsWith('_INBOX.') || subject.startsWith('$');

type Msg = { subject: string } & Record<string, unknown>;

/**
 * `@nats-io/transport-node` as a service of a `--broker real` run sees it: `connect()` goes to
 * the run's server, and every subject the code publishes, requests or subscribes to is renamed
 * (reply inboxes and `$…` API subjects excepted), and renamed back on each message it receives.
 *
 * Not renamed: JetStream stream names and the subjects inside JetStream API requests, which
 * travel as JSON bodies; `--broker real` refuses a sandbox that uses `@nats-io/jetstream` rather
 * than run it unisolated (see real-client-modules.ts).
 */
export function isolateNatsTransport(
  real: Record<string, unknown>,
  address: string,
  names: RunNames,
): Record<string, unknown> {
  const toServer = (subject: unknown): unknown =>
    typeof subject === 'string' && !serverSubject(subject)
      ? names.toServer(subject, natsSubjectSeparator)
      : subject;
  const toReader = (subject: string): string => names.toReader(subject, natsSubjectSeparator);
  const msgBack = (msg: unknown): unknown =>
    msg && typeof msg === 'object' && typeof (msg as Msg).subject === 'string'
      ? wrapObject(msg as Msg, {}, { subject: toReader((msg as Msg).subject) })
      : msg;
  const subscriptionBack = (subscription: object): object =>
    wrapObject(subscription, {}, undefined, async function* (real: AsyncIterable<unknown>) {
      for await (const msg of real) yield msgBack(msg);
    });
  const connectionOverrides: Record<string, Override> = {
    publish: (target, subject, ...rest) =>
      callReal(target, 'publish', [toServer(subject), ...rest]),
    request: async (target, subject, ...rest) =>
      msgBack(await callReal(target, 'request', [toServer(subject), ...rest])),
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
