/**
 * What kind of thing a trace endpoint (`from`/`to`) names. The broker models write endpoints as
 * `kind:name` (`exchange:orders`, `queue:billing`, `topic:orders/0`, `group:billing`); a bare name
 * is a client, i.e. one of the sandbox's services.
 */
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

// Prefixes that all mean "a client process"; folding them keeps one node per service.
const servicePrefixes = new Set([
  'client',
  'consumer',
  'producer',
  'publisher',
  'subscriber',
  'connection',
  'service',
  'admin',
]);

// What the models write for "the broker itself" (connect, declare by the server, restart).
const brokerNames = new Set(['', 'broker', 'rabbitmq', 'redis', 'kafka', 'nats']);

const brokerPrefixes: Readonly<Record<string, EndpointRole>> = {
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

const cache = new Map<string, Endpoint>();

/**
 * Parses one endpoint string, memoised because the same few strings repeat for every message.
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
  if (colon <= 0 || servicePrefixes.has(prefix)) {
    return { id: name, role: 'service', label: name };
  }
  const role = brokerPrefixes[prefix];
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
        parent: `topic:${topic}`,
        partition: index,
      };
    }
  }
  if (role === 'exchange' && name === '') {
    return { id: raw, role, label: '(default)' };
  }
  return { id: raw, role, label: name };
}

/** Which column of the layered layout each role sits in; producers are column 0. */
export const roleLayer: Readonly<Record<EndpointRole, number>> = {
  service: 0,
  exchange: 1,
  channel: 1,
  pattern: 1,
  topic: 1,
  subject: 1,
  queue: 2,
  stream: 2,
  partition: 2,
  group: 3,
  broker: -1,
};

/** Whether messages wait inside this kind of node (so it has a depth worth counting). */
export function holdsMessages(role: EndpointRole): boolean {
  return role === 'queue' || role === 'stream' || role === 'partition';
}
