/**
 * Trace endpoints: the `from` and `to` strings of a `TraceEvent` (`trace-event.ts`). The models
 * write them with the builders below and the flow view reads them back with `parseEndpoint`, so
 * the format lives here only:
 *
 * - a broker part is `kind:name` — `exchange:orders`, `queue:billing`, `channel:news`,
 *   `topic:orders`, a topic's partition `topic:orders/0`, `group:billing`, `stream:events`…;
 * - a client is a bare service name or `kind:name` with a client kind (`consumer:email`,
 *   `producer:billing#2` for a second client with the same id); all fold into one service node;
 * - the broker itself is `broker` or the server's name (`redis`, `rabbitmq`, `kafka`, `nats`).
 *
 * No imports: the page loads this with the flow view.
 */

/** What kind of thing an endpoint names. */
export type EndpointRole =
  | 'service'
  | 'exchange'
  | 'channel'
  | 'pattern'
  | 'topic'
  | 'subject'
  | 'queue'
  | 'stream'
  | 'partition'
  | 'group'
  | 'broker';

/** A parsed trace endpoint. */
export interface Endpoint {
  /** Canonical node id: services lose their `consumer:`/`client:` prefix so one service is one node. */
  readonly id: string;
  readonly role: EndpointRole;
  /** What the figure prints on the node. */
  readonly label: string;
  /** For a partition: its topic's node id (`topic:orders`). */
  readonly parent?: string;
  /** For a partition: its number. */
  readonly partition?: number;
}

/** Prefixes that all mean "a client process"; folding them keeps one node per service. */
export const clientKinds = [
  'client',
  'consumer',
  'producer',
  'publisher',
  'subscriber',
  'connection',
  'service',
  'admin',
] as const;

/** One of `clientKinds`. */
export type ClientKind = (typeof clientKinds)[number];

/** The names a model writes for "the broker itself" (connect, declare by the server, restart). */
export const serverNames = ['broker', 'rabbitmq', 'redis', 'kafka', 'nats'] as const;

/** One of `serverNames`. */
export type ServerName = (typeof serverNames)[number];

const clientPrefixes: ReadonlySet<string> = new Set(clientKinds);

// '' too: an event with no far end is the broker's own doing.
const brokerNames: ReadonlySet<string> = new Set(['', ...serverNames]);

const prefixRoles: Readonly<Record<string, EndpointRole>> = {
  exchange: 'exchange',
  channel: 'channel',
  pattern: 'pattern',
  topic: 'topic',
  subject: 'subject',
  queue: 'queue',
  stream: 'stream',
  partition: 'partition',
  group: 'group',
  broker: 'broker',
};

/**
 * Builds endpoint strings. Every endpoint a model writes should come from here, so the flow view
 * can rely on `parseEndpoint` understanding it.
 *
 * @example
 * endpoint.queue('billing'); // 'queue:billing'
 * endpoint.topicPartition('orders', 0); // 'topic:orders/0'
 * endpoint.client('producer', 'billing'); // 'producer:billing'
 */
export const endpoint = {
  /** A client known only by its service name (`billing`). */
  service: (name: string): string => name,
  /** A client of one kind (`admin:billing`, `producer:billing#2`); it is still its service. */
  client: (kind: ClientKind, name: string): string => `${kind}:${name}`,
  /** `consumer:<name>`, the usual client kind for a subscriber or consumer. */
  consumer: (name: string): string => `consumer:${name}`,
  /** An AMQP exchange: `exchange:orders`. */
  exchange: (name: string): string => `exchange:${name}`,
  /** The AMQP default exchange (`''` to amqplib), under the name RabbitMQ's UI gives it. */
  defaultExchange: 'exchange:(AMQP default)',
  /** An AMQP queue: `queue:billing`. */
  queue: (name: string): string => `queue:${name}`,
  /** A Redis Pub/Sub channel: `channel:news`. */
  channel: (name: string): string => `channel:${name}`,
  /** A Redis Pub/Sub pattern subscription: `pattern:news.*`. */
  pattern: (pattern: string): string => `pattern:${pattern}`,
  /** A NATS subject: `subject:orders.created`. */
  subject: (subject: string): string => `subject:${subject}`,
  /** A Redis stream (or a NATS JetStream stream): `stream:events`. */
  stream: (name: string): string => `stream:${name}`,
  /** A Kafka topic as a whole: `topic:orders` (a name ending in `/<digits>` reads as a partition). */
  topic: (name: string): string => `topic:${name}`,
  /** One partition of a Kafka topic: `topic:orders/0`; its node hangs under `topic(name)`. */
  topicPartition: (topic: string, partition: number): string => `topic:${topic}/${partition}`,
  /** A partition named on its own, outside any topic: `partition:p0`. */
  partition: (name: string): string => `partition:${name}`,
  /** A consumer group: `group:billing`. */
  group: (groupId: string): string => `group:${groupId}`,
  /** A Redis stream's consumer group, named with its stream: `group:events/email`. */
  streamGroup: (stream: string, group: string): string => `group:${stream}/${group}`,
  /** The broker itself, as Kafka's model names it. */
  broker: 'broker',
  /** The broker itself under its server's name (`redis`, `rabbitmq`…); one node with `broker`. */
  server: (name: ServerName): string => name,
  /** One broker of several, by its id: `broker:1`; drawn as the broker node it names. */
  brokerNode: (id: string): string => `broker:${id}`,
} as const;

const cache = new Map<string, Endpoint>();

/**
 * Parses one endpoint string, memoised because the same few strings repeat for every message.
 * Unknown prefixes read as a service named by the whole string.
 *
 * @example
 * parseEndpoint('topic:orders/2'); // { id: 'topic:orders/2', role: 'partition', parent: 'topic:orders', partition: 2, … }
 * parseEndpoint('consumer:billing'); // { id: 'billing', role: 'service', label: 'billing' }
 */
export function parseEndpoint(raw: string): Endpoint {
  const known = cache.get(raw);
  if (known) return known;
  const parsed = parseUncached(raw);
  if (cache.size > 5000) cache.clear();
  cache.set(raw, parsed);
  return parsed;
}

function parseUncached(raw: string): Endpoint {
  if (brokerNames.has(raw)) return { id: 'broker', role: 'broker', label: 'broker' };
  const colon = raw.indexOf(':');
  const prefix = colon > 0 ? raw.slice(0, colon) : '';
  const name = colon > 0 ? raw.slice(colon + 1) : raw;
  if (colon <= 0 || clientPrefixes.has(prefix)) {
    return { id: name, role: 'service', label: name };
  }
  const role = prefixRoles[prefix];
  if (role === undefined) return { id: raw, role: 'service', label: raw };
  if (role === 'topic') {
    const partition = /^(.*)\/(\d+)$/.exec(name);
    if (partition) {
      const topic = partition[1] ?? '';
      const index = Number(partition[2]);
      return {
        id: raw,
        role: 'partition',
        label: `${topic} / ${index}`,
        parent: endpoint.topic(topic),
        partition: index,
      };
    }
  }
  if (role === 'exchange' && name === '') {
    return { id: raw, role, label: '(default)' };
  }
  return { id: raw, role, label: name };
}

/**
 * Whether messages wait inside this kind of node: queues, streams and partitions keep them until
 * they are consumed (so they have a depth worth counting and drawing); everything else only
 * passes them on.
 */
export function holdsMessages(role: EndpointRole): boolean {
  return role === 'queue' || role === 'stream' || role === 'partition';
}
