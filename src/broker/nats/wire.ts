/** One message as the server routes it: what a PUB/HPUB carries, plus its trace id. */
export interface WireMessage {
  readonly subject: string;
  /** The reply subject, '' when none. */
  readonly reply: string;
  /** The encoded header block (`NATS/1.0\r\n…\r\n\r\n`), '' when none. */
  readonly hdr: string;
  readonly data: Uint8Array;
  /** Follows the message through the trace. */
  readonly messageId: string;
  /** How the hand-over to a subscriber is traced; `undefined`: not traced (server internals). */
  readonly trace?: DeliveryTrace | undefined;
}

/** How a delivery shows in the trace (a JetStream delivery shows as coming from its consumer). */
export interface DeliveryTrace {
  readonly kind: 'delivered' | 'redelivered';
  /** `undefined`: from the subject (or queue group) it matched. */
  readonly from?: string | undefined;
  readonly payload?: string | undefined;
  readonly detail?: Readonly<Record<string, unknown>> | undefined;
}

/** What the server needs from a client connection. */
export interface ServerConnection {
  /** The client name in the trace: the service's name, or `connect({ name })`. */
  readonly name: string;
  /** False when the client connected with `noEcho`: it never receives its own publishes. */
  readonly echo: boolean;
  /** A message for the client's subscription `sid`. */
  deliver(sid: number, message: WireMessage, duplicate: boolean): void;
  /** The server dropped the connection (crash or restart). */
  connectionLost(reason: string): void;
}

/** One subscription as the server holds it. */
export interface Interest {
  readonly connection: ServerConnection;
  readonly sid: number;
  readonly subject: string;
  readonly tokens: readonly string[];
  readonly literal: boolean;
  readonly queue: string | undefined;
  /** Auto-unsubscribe after this many messages (`UNSUB sid max`); 0: never. */
  max: number;
  delivered: number;
}

const utf8 = new TextEncoder();
const text = new TextDecoder();

/** UTF-8 bytes of a string. */
export function encodeText(value: string): Uint8Array {
  return utf8.encode(value);
}

/** The bytes as text (for traces and `msg.string()`). */
export function decodeText(bytes: Uint8Array): string {
  return bytes.length === 0 ? '' : text.decode(bytes);
}

/** UTF-8 length of a string, without encoding when it is ASCII. */
export function byteLength(value: string): number {
  return /^[\x00-\x7f]*$/.test(value) ? value.length : utf8.encode(value).length;
}

export const emptyBytes = new Uint8Array(0);
