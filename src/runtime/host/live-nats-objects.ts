import type { Broker } from '../../broker';

/** The little of the NATS modules these objects are made with, as sandbox code calls them. */
interface NatsModules {
  connect(): Promise<NatsConnection>;
}
interface NatsConnection {
  subscribe(subject: string, opts?: object): object;
  request(subject: string, data: string): Promise<object>;
  publish(subject: string, data: string): void;
}
interface Lists {
  list(stream?: string): object;
  add(...args: unknown[]): Promise<object>;
}
interface JetstreamModule {
  jetstream(
    this: void,
    nc: NatsConnection,
  ): {
    consumers: { get(stream: string, name: string): Promise<Consumer> };
    streams: object;
    publish(subject: string, data: string): Promise<unknown>;
  };
  jetstreamManager(
    this: void,
    nc: NatsConnection,
  ): Promise<{ streams: Lists & { names(): object }; consumers: Lists }>;
}
interface Consumer {
  fetch(opts: object): Promise<object>;
  next(): Promise<object | null>;
}

/**
 * One live simulated object of every remote class the NATS surfaces declare, made as a
 * sandbox's imports make them (a stream, a durable consumer, a message of each kind).
 */
export async function liveNatsObjects(broker: Broker): Promise<Record<string, object[]>> {
  const modules = broker.modulesFor('surface');
  const nats = modules['@nats-io/transport-node'] as NatsModules;
  const { jetstream, jetstreamManager } = modules['@nats-io/jetstream'] as JetstreamModule;
  const nc = await nats.connect();
  const asked = new Promise<object>((resolve) => {
    nc.subscribe('ask', { callback: (_error: unknown, msg: object) => resolve(msg) });
  });
  void nc.request('ask', 'q').catch(() => undefined);
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: 'LIVE', subjects: ['live.>'] });
  await jsm.consumers.add('LIVE', { durable_name: 'live', ack_policy: 'explicit' });
  const js = jetstream(nc);
  await js.publish('live.one', '1');
  const consumer = await js.consumers.get('LIVE', 'live');
  const jsMsg = await consumer.next();
  return {
    NatsConnection: [nc],
    NatsSubscription: [nc.subscribe('live.sub')],
    NatsMsg: [await asked],
    JetStreamClient: [js],
    JetStreamConsumers: [js.consumers],
    JetStreamStreams: [js.streams],
    JetStreamManager: [jsm],
    JetStreamStreamAPI: [jsm.streams],
    JetStreamConsumerAPI: [jsm.consumers],
    JetStreamStreamLister: [jsm.streams.list()],
    JetStreamNameLister: [jsm.streams.names()],
    JetStreamConsumerLister: [jsm.consumers.list('LIVE')],
    JetStreamConsumer: [consumer],
    JetStreamConsumerMessages: [await consumer.fetch({ max_messages: 1, expires: 1000 })],
    JsMsg: jsMsg ? [jsMsg] : [],
  };
}
