import type { ModelContext } from '../core/model-context';
import { statusHeader } from './headers';
import { isValidSubject } from './subject';
import { SubscriptionIndex } from './subscription-index';
import {
  decodeText,
  emptyBytes,
  Published,
  type Interest,
  type ServerConnection,
  type WireMessage,
} from './wire';
import { endpoint } from '../core/endpoint';

/** Subjects the server answers itself (JetStream: streams, `$JS.API.>`, `$JS.ACK.>`). */
export interface SystemSubjects {
  /** Takes the message if it is for the server; true counts as interest (no 503, no drop). */
  take(message: WireMessage, from: ServerConnection): boolean;
}

/** The publisher's end of a publish, as the trace shows it. */
export interface Publication {
  readonly subject: string;
  readonly reply: string;
  readonly hdr: string;
  /** The payload: the publisher's string as it is, or its bytes. */
  readonly data: Uint8Array | string;
}

/**
 * nats-server's core: connections, subscriptions (plain and queue groups) and routing. A
 * message reaches every plain subscription that matches and one member of each matching queue
 * group (picked with the seeded randomness, so it replays by seed), or nobody: then it is gone
 * (trace `dropped`, reason `no-interest`), and a request gets the server's 503 "no responders"
 * status back on its reply subject.
 */
export class CoreServer {
  readonly index = new SubscriptionIndex();
  private readonly connections = new Map<ServerConnection, Set<Interest>>();
  system: SystemSubjects | undefined;

  constructor(private readonly ctx: ModelContext) {}

  connect(connection: ServerConnection): void {
    this.connections.set(connection, new Set());
    this.ctx.trace({ kind: 'connected', from: connection.name, to: 'nats' });
  }

  isConnected(connection: ServerConnection): boolean {
    return this.connections.has(connection);
  }

  /** The connection closed (or the server dropped it): its subscriptions vanish. */
  disconnect(connection: ServerConnection, reason?: string): void {
    const interests = this.connections.get(connection);
    if (!interests) return;
    this.connections.delete(connection);
    for (const interest of interests) {
      this.index.remove(interest);
      this.ctx.gate.forget(interest);
    }
    this.ctx.trace({ kind: 'disconnected', from: connection.name, to: 'nats', reason });
  }

  /** SUB: undefined when the server refuses the subject ("Invalid Subject"). */
  subscribe(
    connection: ServerConnection,
    sid: number,
    subject: string,
    queue: string | undefined,
  ): Interest | undefined {
    const interests = this.connections.get(connection);
    if (!interests || !isValidSubject(subject)) return undefined;
    const interest = SubscriptionIndex.interest(connection, sid, subject, queue);
    interests.add(interest);
    this.index.add(interest);
    return interest;
  }

  /** UNSUB, at once or (with `max`) after `max` messages in all. */
  unsubscribe(interest: Interest, max = 0): void {
    if (max > 0 && interest.delivered < max) {
      interest.max = max;
      return;
    }
    this.connections.get(interest.connection)?.delete(interest);
    this.index.remove(interest);
  }

  hasInterest(subject: string): boolean {
    return this.index.hasInterest(subject);
  }

  /** A client's PUB: traced `published`, then routed. */
  publish(from: ServerConnection, publication: Publication): void {
    const { subject, reply, hdr, data } = publication;
    const messageId = this.ctx.nextMessageId();
    const system = subject.startsWith('$JS.');
    let payload: string | undefined;
    if (this.ctx.traced && !system) {
      payload = typeof data === 'string' ? data : decodeText(data);
      const detail: Record<string, unknown> = { subject };
      if (reply) detail['reply'] = reply;
      if (hdr) detail['headers'] = hdr.split('\r\n').slice(1, -2);
      this.ctx.trace({
        kind: 'published',
        from: from.name,
        to: endpoint.subject(subject),
        messageId,
        payload,
        detail,
      });
    }
    const message = new Published(
      subject,
      reply,
      hdr,
      data,
      messageId,
      system ? undefined : { kind: 'delivered', payload },
    );
    if (this.route(message, from)) return;
    if (!system) {
      this.ctx.trace({
        kind: 'dropped',
        from: endpoint.subject(subject),
        to: endpoint.subject(subject),
        messageId,
        reason: 'no-interest',
        payload,
      });
    }
    if (reply) this.noResponders(from, subject, reply, messageId);
  }

  /**
   * A message the server itself sends (a PubAck, an API reply, a JetStream delivery), to the
   * subscribers of `to` (default: its own subject; a JetStream delivery keeps the stream
   * subject it was stored under but goes to the pull request's inbox).
   */
  publishInternal(message: WireMessage, to = message.subject): boolean {
    return this.route(message, undefined, to);
  }

  /** Drops every connection of client `name`; returns how many. */
  crash(name: string): number {
    let dropped = 0;
    for (const connection of [...this.connections.keys()]) {
      if (connection.name !== name) continue;
      this.drop(connection, 'crashed');
      dropped++;
    }
    return dropped;
  }

  /** Server restart: every connection drops; the clients reconnect on their own. */
  restart(): void {
    for (const connection of [...this.connections.keys()]) this.drop(connection, 'restart');
    this.index.clear();
  }

  private drop(connection: ServerConnection, reason: string): void {
    this.disconnect(connection, reason);
    connection.connectionLost(reason);
  }

  /** Hands `message` to the system and to every subscriber; false when nobody wanted it. */
  private route(
    message: WireMessage,
    from: ServerConnection | undefined,
    to = message.subject,
  ): boolean {
    const taken = from === undefined ? false : (this.system?.take(message, from) ?? false);
    const matched = this.index.match(to);
    if (matched.length === 0) return taken;
    let receivers: Interest[] | undefined;
    let groups: Map<string, Interest[]> | undefined;
    for (const interest of matched) {
      if (from !== undefined && interest.connection === from && !from.echo) continue;
      if (interest.queue === undefined) (receivers ??= []).push(interest);
      else {
        groups ??= new Map();
        const members = groups.get(interest.queue);
        if (members) members.push(interest);
        else groups.set(interest.queue, [interest]);
      }
    }
    if (groups) {
      for (const [queue, members] of groups) {
        const chosen =
          members.length === 1
            ? members[0]!
            : members[Math.floor(this.ctx.random() * members.length)]!;
        if (message.trace) {
          this.ctx.trace({
            kind: 'routed',
            from: endpoint.subject(message.subject),
            to: endpoint.group(queue),
            messageId: message.messageId,
          });
        }
        (receivers ??= []).push(chosen);
      }
    }
    if (!receivers) return taken;
    for (const interest of receivers) {
      interest.delivered++;
      if (interest.max > 0 && interest.delivered >= interest.max) this.unsubscribe(interest);
    }
    const list = receivers;
    this.ctx.soon(() => {
      for (const interest of list) this.deliver(interest, message);
    });
    return true;
  }

  private deliver(interest: Interest, message: WireMessage): void {
    const connection = interest.connection;
    const from = this.endpoint(interest, message);
    if (!this.connections.has(connection)) {
      if (message.trace) {
        this.ctx.trace({
          kind: 'dropped',
          from,
          to: connection.name,
          messageId: message.messageId,
          reason: 'disconnected',
        });
      }
      return;
    }
    // Faults act on messages, not on the server's own answers (PubAcks, API replies, pull
    // statuses): the simulated client has no idle heartbeats to recover a lost status with.
    if (!this.ctx.faulty || !message.trace) {
      this.handOver(interest, message, from, false);
      return;
    }
    this.ctx.gate.pass(interest, {
      messageId: message.messageId,
      from,
      to: connection.name,
      deliver: (duplicate) => {
        if (this.connections.has(connection)) this.handOver(interest, message, from, duplicate);
      },
    });
  }

  private handOver(interest: Interest, message: WireMessage, from: string, duplicate: boolean) {
    const trace = message.trace;
    if (trace && !duplicate) {
      const detail: Record<string, unknown> = { subject: message.subject, ...trace.detail };
      if (interest.queue !== undefined) detail['queue'] = interest.queue;
      this.ctx.trace({
        kind: trace.kind,
        from,
        to: interest.connection.name,
        messageId: message.messageId,
        payload: trace.payload,
        detail,
      });
    }
    interest.connection.deliver(interest.sid, message);
  }

  private endpoint(interest: Interest, message: WireMessage): string {
    if (message.trace?.from !== undefined) return message.trace.from;
    return interest.queue === undefined
      ? endpoint.subject(message.subject)
      : endpoint.group(interest.queue);
  }

  /** The server's answer to a request nobody subscribes to: status 503 on the reply subject. */
  private noResponders(from: ServerConnection, subject: string, reply: string, messageId: string) {
    this.ctx.trace({
      kind: 'returned',
      from: endpoint.subject(subject),
      to: from.name,
      messageId,
      reason: 'no-responders',
    });
    this.publishInternal({
      subject: reply,
      reply: '',
      hdr: statusHeader(503),
      data: emptyBytes,
      messageId,
    });
  }
}
