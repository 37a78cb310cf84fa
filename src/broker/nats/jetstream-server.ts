import type { ModelContext } from '../core/model-context';
import type { CoreServer, SystemSubjects } from './core-server';
import { handleApi, type ApiHost } from './jetstream-api';
import type { Nuid } from './nuid';
import type { StreamConfig } from './stream-config';
import { Stream } from './stream';
import {
  emptyBytes,
  encodeText,
  payloadText,
  type ServerConnection,
  type WireMessage,
} from './wire';

const apiPrefix = '$JS.API.';
const ackPrefix = '$JS.ACK.';
const pullPrefix = '$JS.API.CONSUMER.MSG.NEXT.';

/**
 * JetStream inside the simulated nats-server: it takes the messages published on stream
 * subjects (answering a PubAck on the reply subject, as `js.publish()` expects), the
 * `$JS.API.>` requests (JSON in, JSON out, see `jetstream-api.ts`), pull requests and the
 * acks published on `$JS.ACK.>`. A restart keeps file-storage streams with their durable
 * consumers and loses memory-storage streams and ephemeral consumers.
 */
export class JetStreamServer implements SystemSubjects, ApiHost {
  readonly streams = new Map<string, Stream>();

  constructor(
    private readonly ctx: ModelContext,
    private readonly core: CoreServer,
    private readonly nuid: Nuid,
  ) {}

  take(message: WireMessage, from: ServerConnection): boolean {
    const subject = message.subject;
    if (subject.startsWith('$JS.')) {
      if (subject.startsWith(pullPrefix)) return this.pull(message);
      if (subject.startsWith(apiPrefix)) return this.api(message);
      if (subject.startsWith(ackPrefix)) return this.ack(message, from);
      return false;
    }
    if (this.streams.size === 0) return false;
    for (const stream of this.streams.values()) {
      if (!stream.captures(subject)) continue;
      const result = stream.process(message);
      if (message.reply && !stream.config.no_ack) {
        const body = 'error' in result ? { error: result.error, stream: result.stream } : result;
        this.reply(message.reply, body, message.messageId);
      }
      return true;
    }
    return false;
  }

  createStream(config: StreamConfig): Stream {
    const stream = new Stream(this.ctx, this.core, config, this.ctx.scheduler.now());
    this.streams.set(config.name, stream);
    this.ctx.trace({
      kind: 'declared',
      from: 'nats',
      to: stream.label,
      detail: {
        stream: config.name,
        subjects: config.subjects,
        retention: config.retention,
        storage: config.storage,
      },
    });
    return stream;
  }

  deleteStream(name: string): void {
    this.streams.get(name)?.stop();
    this.streams.delete(name);
  }

  ephemeralName(): string {
    return this.nuid.token(8);
  }

  /** nats-server restart: memory streams are gone, file streams keep durable consumers only. */
  restart(): void {
    for (const stream of [...this.streams.values()]) {
      if (stream.config.storage === 'memory') {
        this.deleteStream(stream.name);
        continue;
      }
      for (const consumer of [...stream.consumers.values()]) {
        if (!consumer.durable || consumer.config.mem_storage) stream.deleteConsumer(consumer.name);
      }
    }
  }

  private api(message: WireMessage): boolean {
    let body: Record<string, unknown> = {};
    const text = payloadText(message).trim();
    if (text) {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = { __invalid: true };
      }
    }
    const response = body['__invalid']
      ? {
          type: 'io.nats.jetstream.api.v1.error_response',
          error: { code: 400, err_code: 10025, description: 'invalid JSON' },
        }
      : handleApi(this, message.subject, body);
    if (response === undefined) return false;
    if (message.reply) this.reply(message.reply, response, message.messageId);
    return true;
  }

  private pull(message: WireMessage): boolean {
    const [streamName, consumerName] = message.subject.slice(pullPrefix.length).split('.');
    const consumer = this.streams.get(streamName ?? '')?.consumers.get(consumerName ?? '');
    if (!consumer) return false;
    consumer.requestNext(message.reply, payloadText(message));
    return true;
  }

  /** An ack on a delivery's `$JS.ACK.<stream>.<consumer>.<count>.<sseq>.<dseq>.<ts>.<pending>`. */
  private ack(message: WireMessage, from: ServerConnection): boolean {
    const tokens = message.subject.split('.');
    if (tokens.length !== 9) return false;
    const consumer = this.streams.get(tokens[2]!)?.consumers.get(tokens[3]!);
    if (!consumer) return false;
    const [dc, sseq, dseq] = [Number(tokens[4]), Number(tokens[5]), Number(tokens[6])];
    const payload = payloadText(message);
    let ackReply = message.reply !== '';
    if (payload === '' || payload === '+ACK' || payload === '+OK') {
      consumer.ack(sseq, dseq, from.name, 'ack');
    } else if (payload.startsWith('+NXT')) {
      consumer.ack(sseq, dseq, from.name, 'ack');
      consumer.requestNext(message.reply, payload.slice(4));
      ackReply = false;
    } else if (payload.startsWith('-NAK'))
      consumer.nak(sseq, dseq, dc, payload.slice(4), from.name);
    else if (payload === '+WPI') consumer.progress(sseq);
    else if (payload.startsWith('+TERM')) consumer.ack(sseq, dseq, from.name, 'term');
    // ackAck(): an empty message confirms the ack.
    if (ackReply) this.reply(message.reply, undefined, message.messageId);
    return true;
  }

  private reply(subject: string, body: unknown, messageId: string): void {
    const data = body === undefined ? emptyBytes : encodeText(JSON.stringify(body));
    this.core.publishInternal({ subject, reply: '', hdr: '', data, messageId });
  }
}
