import type { ModelContext } from '../core/model-context';
import { globMatch } from './glob-match';
import { runKeyCommand } from './key-commands';
import { KeyValueStore } from './key-value-store';
import { RedisStreams } from './redis-streams';
import { endpoint } from '../core/endpoint';

/** What the server side needs from a connected client. */
export interface RedisPeer {
  readonly name: string;
  /** The client's channels and patterns, as the server holds them. */
  readonly channels: Set<string>;
  readonly patterns: Set<string>;
  /** Called when a message reaches this client. */
  receive(channel: string, message: string, pattern: string | undefined): void;
  /** The server dropped the connection (crash or restart); it was subscribed to these. */
  connectionLost(channels: readonly string[], patterns: readonly string[]): void;
}

const none: readonly RedisPeer[] = [];

/**
 * The Redis server: Pub/Sub routing (channels and glob patterns, fire-and-forget), a small
 * key-value store and the stream commands on its keys. Nothing published is ever stored: a
 * message reaches the subscribers present at PUBLISH time, or nobody.
 */
export class RedisModel {
  private readonly channelSubscribers = new Map<string, Set<RedisPeer>>();
  private readonly patternSubscribers = new Map<string, Set<RedisPeer>>();
  private readonly peers = new Set<RedisPeer>();
  readonly store: KeyValueStore;
  readonly streams: RedisStreams;

  constructor(private readonly ctx: ModelContext) {
    this.store = new KeyValueStore(
      () => ctx.scheduler.now(),
      (key) => this.streams.keyReady(key),
    );
    this.streams = new RedisStreams(ctx, this.store, (peer) => this.peers.has(peer));
  }

  /** A key command (GET, SET, INCR, EXPIRE, …), `argv` as the server sees it. */
  keyCommand(argv: readonly string[]): unknown {
    return runKeyCommand(this.store, this.ctx.scheduler.now(), argv);
  }

  connect(peer: RedisPeer): void {
    this.peers.add(peer);
    this.ctx.trace({ kind: 'connected', from: peer.name, to: 'redis' });
  }

  disconnect(peer: RedisPeer, reason?: string): void {
    if (!this.peers.delete(peer)) return;
    for (const channel of peer.channels) this.remove(this.channelSubscribers, channel, peer);
    for (const pattern of peer.patterns) this.remove(this.patternSubscribers, pattern, peer);
    peer.channels.clear();
    peer.patterns.clear();
    this.streams.connectionClosed(peer);
    this.ctx.gate.forget(peer);
    this.ctx.trace({ kind: 'disconnected', from: peer.name, to: 'redis', reason });
  }

  /** SUBSCRIBE one channel; returns the client's subscription count afterwards. */
  subscribe(peer: RedisPeer, channel: string): number {
    if (!peer.channels.has(channel)) {
      peer.channels.add(channel);
      this.add(this.channelSubscribers, channel, peer);
    }
    return peer.channels.size + peer.patterns.size;
  }

  unsubscribe(peer: RedisPeer, channel: string): number {
    if (peer.channels.delete(channel)) this.remove(this.channelSubscribers, channel, peer);
    return peer.channels.size + peer.patterns.size;
  }

  psubscribe(peer: RedisPeer, pattern: string): number {
    if (!peer.patterns.has(pattern)) {
      peer.patterns.add(pattern);
      this.add(this.patternSubscribers, pattern, peer);
    }
    return peer.channels.size + peer.patterns.size;
  }

  punsubscribe(peer: RedisPeer, pattern: string): number {
    if (peer.patterns.delete(pattern)) this.remove(this.patternSubscribers, pattern, peer);
    return peer.channels.size + peer.patterns.size;
  }

  /**
   * PUBLISH: counts the receivers now (channel subscribers, then one per matching pattern
   * subscription, as Redis does) and delivers on the scheduler. Returns the count.
   */
  publish(from: RedisPeer, channel: string, message: string): number {
    const messageId = this.ctx.nextMessageId();
    const direct = this.channelSubscribers.get(channel);
    let matched: [string, RedisPeer[]][] | undefined;
    let count = direct ? direct.size : 0;
    for (const [pattern, subscribers] of this.patternSubscribers) {
      if (globMatch(pattern, channel)) {
        (matched ??= []).push([pattern, [...subscribers]]);
        count += subscribers.size;
      }
    }
    const to = endpoint.channel(channel);
    this.ctx.trace({
      kind: 'published',
      from: from.name,
      to,
      messageId,
      payload: message,
      detail: this.ctx.traced ? { channel, receivers: count } : undefined,
    });
    if (count === 0) {
      this.ctx.trace({
        kind: 'dropped',
        from: to,
        to,
        messageId,
        reason: 'no-subscribers',
        payload: message,
      });
      return 0;
    }
    const receivers = direct ? [...direct] : none;
    this.ctx.soon(() => {
      for (const peer of receivers) this.deliver(peer, channel, message, undefined, messageId);
      if (matched) {
        for (const [pattern, subscribers] of matched) {
          for (const peer of subscribers) this.deliver(peer, channel, message, pattern, messageId);
        }
      }
    });
    return count;
  }

  /** Number of subscribers of a channel (PUBSUB NUMSUB). */
  numsub(channel: string): number {
    return this.channelSubscribers.get(channel)?.size ?? 0;
  }

  /**
   * The process that owned `peer` died: its socket closes, so the server forgets its
   * subscriptions, exactly as when the server drops it, but nobody is left to reconnect.
   */
  processCrashed(peer: RedisPeer): void {
    if (!this.peers.has(peer)) return;
    this.disconnect(peer, 'crashed');
    this.ctx.trace({
      kind: 'crashed',
      from: peer.name,
      to: 'redis',
      detail: {
        connections: 1,
      },
    });
  }

  /** Drops every connection whose client is called `name`; returns how many. */
  crash(name: string): number {
    let dropped = 0;
    for (const peer of [...this.peers]) {
      if (peer.name !== name) continue;
      this.drop(peer, 'crashed');
      dropped++;
    }
    return dropped;
  }

  /** Server restart: every connection drops, every key is gone (no persistence configured). */
  restart(): void {
    for (const peer of [...this.peers]) this.drop(peer, 'restart');
    this.store.clear();
  }

  private drop(peer: RedisPeer, reason: string): void {
    const channels = [...peer.channels];
    const patterns = [...peer.patterns];
    this.disconnect(peer, reason);
    peer.connectionLost(channels, patterns);
  }

  private deliver(
    peer: RedisPeer,
    channel: string,
    message: string,
    pattern: string | undefined,
    messageId: string,
  ): void {
    // A client that left between PUBLISH and delivery never gets it: its socket is gone.
    if (!this.peers.has(peer)) {
      this.ctx.trace({
        kind: 'dropped',
        from: endpoint.channel(channel),
        to: peer.name,
        messageId,
        reason: 'disconnected',
        payload: message,
      });
      return;
    }
    const from = pattern === undefined ? endpoint.channel(channel) : endpoint.pattern(pattern);
    if (!this.ctx.faulty) {
      this.handOver(peer, channel, message, pattern, messageId, from);
      return;
    }
    this.ctx.gate.pass(peer, {
      messageId,
      from,
      to: peer.name,
      deliver: () => {
        if (this.peers.has(peer)) this.handOver(peer, channel, message, pattern, messageId, from);
      },
    });
  }

  private handOver(
    peer: RedisPeer,
    channel: string,
    message: string,
    pattern: string | undefined,
    messageId: string,
    from: string,
  ): void {
    this.ctx.trace({
      kind: 'delivered',
      from,
      to: peer.name,
      messageId,
      payload: message,
      detail: this.ctx.traced
        ? pattern === undefined
          ? { channel }
          : { channel, pattern }
        : undefined,
    });
    peer.receive(channel, message, pattern);
  }

  private add(map: Map<string, Set<RedisPeer>>, key: string, peer: RedisPeer): void {
    const set = map.get(key);
    if (set) set.add(peer);
    else map.set(key, new Set([peer]));
  }

  private remove(map: Map<string, Set<RedisPeer>>, key: string, peer: RedisPeer): void {
    const set = map.get(key);
    if (!set) return;
    set.delete(peer);
    if (set.size === 0) map.delete(key);
  }
}
