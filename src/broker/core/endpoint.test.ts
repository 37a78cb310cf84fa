import { describe, expect, it } from 'vitest';
import {
  clientKinds,
  endpoint,
  holdsMessages,
  parseEndpoint,
  serverNames,
  type EndpointRole,
} from './endpoint';

describe('endpoint builders', () => {
  it('write the strings the models write today', () => {
    expect(endpoint.service('billing')).toBe('billing');
    expect(endpoint.client('producer', 'billing#2')).toBe('producer:billing#2');
    expect(endpoint.consumer('email')).toBe('consumer:email');
    expect(endpoint.exchange('orders')).toBe('exchange:orders');
    expect(endpoint.defaultExchange).toBe('exchange:(AMQP default)');
    expect(endpoint.queue('billing')).toBe('queue:billing');
    expect(endpoint.channel('news')).toBe('channel:news');
    expect(endpoint.pattern('news.*')).toBe('pattern:news.*');
    expect(endpoint.subject('orders.created')).toBe('subject:orders.created');
    expect(endpoint.stream('events')).toBe('stream:events');
    expect(endpoint.topic('orders')).toBe('topic:orders');
    expect(endpoint.topicPartition('orders', 0)).toBe('topic:orders/0');
    expect(endpoint.partition('p0')).toBe('partition:p0');
    expect(endpoint.group('billing')).toBe('group:billing');
    expect(endpoint.broker).toBe('broker');
    expect(endpoint.server('rabbitmq')).toBe('rabbitmq');
    expect(endpoint.brokerNode('1')).toBe('broker:1');
  });
});

describe('parseEndpoint reads back what the builders write', () => {
  const cases: [string, string, { id: string; role: EndpointRole; label: string }][] = [
    ['service', endpoint.service('billing'), { id: 'billing', role: 'service', label: 'billing' }],
    ['client', endpoint.client('admin', 'order'), { id: 'order', role: 'service', label: 'order' }],
    [
      'second client',
      endpoint.client('consumer', 'billing#2'),
      { id: 'billing#2', role: 'service', label: 'billing#2' },
    ],
    ['consumer', endpoint.consumer('email'), { id: 'email', role: 'service', label: 'email' }],
    [
      'exchange',
      endpoint.exchange('orders'),
      { id: 'exchange:orders', role: 'exchange', label: 'orders' },
    ],
    [
      'default exchange',
      endpoint.defaultExchange,
      { id: 'exchange:(AMQP default)', role: 'exchange', label: '(AMQP default)' },
    ],
    ['queue', endpoint.queue('billing'), { id: 'queue:billing', role: 'queue', label: 'billing' }],
    ['channel', endpoint.channel('news'), { id: 'channel:news', role: 'channel', label: 'news' }],
    [
      'pattern',
      endpoint.pattern('news.*'),
      { id: 'pattern:news.*', role: 'pattern', label: 'news.*' },
    ],
    [
      'subject',
      endpoint.subject('orders.created'),
      { id: 'subject:orders.created', role: 'subject', label: 'orders.created' },
    ],
    ['stream', endpoint.stream('events'), { id: 'stream:events', role: 'stream', label: 'events' }],
    ['topic', endpoint.topic('orders'), { id: 'topic:orders', role: 'topic', label: 'orders' }],
    [
      'topic partition',
      endpoint.topicPartition('orders', 2),
      { id: 'topic:orders/2', role: 'partition', label: 'orders / 2' },
    ],
    ['partition', endpoint.partition('p0'), { id: 'partition:p0', role: 'partition', label: 'p0' }],
    ['group', endpoint.group('billing'), { id: 'group:billing', role: 'group', label: 'billing' }],
    ['broker', endpoint.broker, { id: 'broker', role: 'broker', label: 'broker' }],
    ['broker node', endpoint.brokerNode('1'), { id: 'broker:1', role: 'broker', label: '1' }],
  ];

  it.each(cases)('%s: %s', (_what, raw, expected) => {
    expect(parseEndpoint(raw)).toMatchObject(expected);
  });

  it('hangs a partition under its topic node', () => {
    const parsed = parseEndpoint(endpoint.topicPartition('orders', 3));
    expect(parsed.parent).toBe(endpoint.topic('orders'));
    expect(parsed.partition).toBe(3);
  });

  it('folds every client kind into the same service node', () => {
    expect(clientKinds).toHaveLength(8);
    for (const kind of clientKinds) {
      expect(parseEndpoint(endpoint.client(kind, 'billing'))).toMatchObject({
        id: 'billing',
        role: 'service',
      });
    }
  });

  it('reads every server name as the one broker node', () => {
    expect(serverNames).toEqual(['broker', 'rabbitmq', 'redis', 'kafka', 'nats']);
    for (const name of serverNames) {
      expect(parseEndpoint(endpoint.server(name))).toMatchObject({ id: 'broker', role: 'broker' });
    }
  });

  it('reads the empty exchange name and unknown prefixes', () => {
    expect(parseEndpoint('exchange:')).toMatchObject({ role: 'exchange', label: '(default)' });
    expect(parseEndpoint('')).toMatchObject({ id: 'broker', role: 'broker' });
    expect(parseEndpoint('lambda:resize')).toMatchObject({
      id: 'lambda:resize',
      role: 'service',
      label: 'lambda:resize',
    });
  });

  it('returns the same object for the same string (memoised)', () => {
    expect(parseEndpoint('queue:memo')).toBe(parseEndpoint('queue:memo'));
  });
});

describe('holdsMessages', () => {
  it('is true for queues, streams and partitions only', () => {
    const roles: EndpointRole[] = [
      'service',
      'exchange',
      'channel',
      'pattern',
      'topic',
      'subject',
      'queue',
      'stream',
      'partition',
      'group',
      'broker',
    ];
    expect(roles.filter(holdsMessages)).toEqual(['queue', 'stream', 'partition']);
  });
});
