import type { ClientSurface, SurfaceClass } from '../core/client-surface';

const syncAnswer = 'answers synchronously from host state';
const apiRequest = 'client side: the JSON request on $JS.API every call makes';
const notCrossing =
  'not yet crossing the sandbox bridge: an iterator of status events the guest cannot hold';

/** What every iterator the client hands out (a subscription, a fetch) keeps on the host. */
const queuedIteratorHostOnly: Readonly<Record<string, string>> = {
  push: 'client side: the connection queues a message',
  iterate: 'what `for await` runs; the guest reaches it through Symbol.asyncIterator',
  stop: 'client side: ends the iterator',
  getProcessed: syncAnswer,
  getPending: syncAnswer,
  getReceived: syncAnswer,
};

/** A message's payload and text, answered by the guest from the copied `data`. */
const payloadMethods = { string: 'text', json: 'json' } as const;

/**
 * The `@nats-io/transport-node` surface of the NATS model, declared once: the runtime's RPC
 * schema and the editor's typings come from here (see ../core/client-surface.ts). Plain data,
 * so the page and the guest may load it without the model.
 *
 * Messages (`NatsMsg`, `JsMsg`) cross with their fields copied (subject, data, info…), so
 * `msg.string()` and `msg.json()` answer at once, as in the real client, while `ack()` and
 * `respond()` run on the host. `msg.headers` does not cross yet; `nc.status()` neither.
 */
export const natsTransportSurface: ClientSurface = {
  module: '@nats-io/transport-node',
  typingsFrom: ['@nats-io/nats-core', '@nats-io/nuid', '@nats-io/nkeys'],
  // Its helpers that answer synchronously in the real client (`nanos`, `millis`, `headers`,
  // `createInbox`) answer with a Promise across the bridge: write nanoseconds out in sandboxes.
  exportNames: [
    'AuthorizationError',
    'Bench',
    'ClosedConnectionError',
    'ConnectionError',
    'DrainingConnectionError',
    'Empty',
    'InvalidArgumentError',
    'InvalidOperationError',
    'InvalidSubjectError',
    'Match',
    'MsgHdrsImpl',
    'NoRespondersError',
    'PermissionViolationError',
    'ProtocolError',
    'RequestError',
    'TimeoutError',
    'UserAuthenticationExpiredError',
    'backoff',
    'buildAuthenticator',
    'canonicalMIMEHeaderKey',
    'connect',
    'createInbox',
    'credsAuthenticator',
    'deadline',
    'deferred',
    'delay',
    'errors',
    'headers',
    'jwtAuthenticator',
    'millis',
    'nanos',
    'nkeyAuthenticator',
    'nuid',
    'syncIterator',
    'tokenAuthenticator',
    'usernamePasswordAuthenticator',
    'wsconnect',
  ],
  exports: {
    connect: { call: { remote: 'NatsConnection', sync: false } },
  },
  classes: {
    NatsConnection: {
      realTypes: ['NatsConnection'],
      methods: {
        publish: 'void',
        publishMessage: 'void',
        subscribe: { remote: 'NatsSubscription', sync: true },
        request: 'promise',
        flush: 'promise',
        rtt: 'promise',
        drain: 'promise',
        close: 'promise',
        closed: 'promise',
        reconnect: 'promise',
        // Refuses as not modelled, with what to use instead.
        requestMany: 'promise',
      },
      hostOnly: {
        isClosed: syncAnswer,
        isDraining: syncAnswer,
        getServer: syncAnswer,
        stats: syncAnswer,
        respondMessage: syncAnswer,
        status: notCrossing,
        respond: 'server side: a message answers through its connection',
        getServers:
          'not modelled, and synchronous in the real client: a sandbox call throws at once',
        setServers:
          'not modelled, and synchronous in the real client: a sandbox call throws at once',
        context: 'not in the v3 typings; the model refuses it as not modelled',
        processCrashed: 'runtime hook: the service died',
        deliver: 'server side: the server delivers a message',
        connectionLost: 'runtime hook: the server dropped the connection',
        unsubscribe: 'client side: a subscription unsubscribes through its connection',
        drainSubscription: 'client side: a subscription drains through its connection',
        startTimer: 'client side: timers on the run clock',
        resubscribe: 'client side: subscriptions sent again after a reconnect',
        createInbox: 'client side: the request inbox',
      },
    },
    NatsSubscription: {
      realTypes: ['Subscription'],
      asyncIterable: true,
      methods: { unsubscribe: 'void', drain: 'promise' },
      hostOnly: {
        ...queuedIteratorHostOnly,
        callback: 'client side: the connection hands a message to the subscription',
        close: 'client side: the connection closes the subscription',
        isDraining: syncAnswer,
        isClosed: syncAnswer,
        getSubject: syncAnswer,
        getMax: syncAnswer,
        getID: syncAnswer,
      },
    },
    NatsMsg: {
      realTypes: ['Msg'],
      fields: ['subject', 'reply', 'sid', 'data'],
      localMethods: { ...payloadMethods, respond: 'hasReply' },
      methods: { respond: 'void' },
      hostOnly: { size: syncAnswer, requestInfo: syncAnswer },
    },
  },
};

/** `jsm.streams` and `jsm.consumers` return these listers, read with `for await`. */
const lister: SurfaceClass = {
  realTypes: ['Lister'],
  asyncIterable: true,
  methods: { next: 'promise' },
  hostOnly: { fetchPage: 'client side: one page of the list', items: 'what `for await` runs' },
};

/** The `@nats-io/jetstream` surface of the NATS model (see {@link natsTransportSurface}). */
export const natsJetstreamSurface: ClientSurface = {
  module: '@nats-io/jetstream',
  typingsFrom: ['@nats-io/nats-core', '@nats-io/nuid', '@nats-io/nkeys'],
  exportNames: [
    'AckPolicy',
    'DeliverPolicy',
    'DiscardPolicy',
    'JetStreamApiCodes',
    'JetStreamApiError',
    'JetStreamError',
    'JsHeaders',
    'PersistMode',
    'PubHeaders',
    'ReplayPolicy',
    'RetentionPolicy',
    'StorageType',
    'StoreCompression',
    'isPullConsumer',
    'isPushConsumer',
    'jetstream',
    'jetstreamManager',
  ],
  exports: {
    jetstream: { call: { remote: 'JetStreamClient', sync: true } },
    jetstreamManager: { call: { remote: 'JetStreamManager', sync: false } },
  },
  classes: {
    JetStreamClient: {
      realTypes: ['JetStreamClient'],
      remoteProps: { consumers: 'JetStreamConsumers', streams: 'JetStreamStreams' },
      methods: {
        publish: 'promise',
        jetstreamManager: { remote: 'JetStreamManager', sync: false },
        startBatch: 'promise',
      },
      hostOnly: {
        _request: apiRequest,
        startFastIngest: 'not in the 3.x typings; the model refuses it as not modelled',
      },
    },
    JetStreamConsumers: {
      realTypes: ['Consumers'],
      methods: {
        get: { remote: 'JetStreamConsumer', sync: false },
        getConsumerFromInfo: { remote: 'JetStreamConsumer', sync: true },
        getPushConsumer: 'promise',
        getBoundPushConsumer: 'promise',
      },
    },
    JetStreamStreams: {
      realTypes: ['Streams'],
      methods: { get: 'promise' },
    },
    JetStreamManager: {
      realTypes: ['JetStreamManager'],
      remoteProps: { streams: 'JetStreamStreamAPI', consumers: 'JetStreamConsumerAPI' },
      methods: {
        getAccountInfo: 'promise',
        jetstream: { remote: 'JetStreamClient', sync: true },
      },
      hostOnly: {
        advisories:
          'not modelled, and synchronous in the real client: a sandbox call throws at once',
        getOptions: syncAnswer,
        _request: apiRequest,
        makeClient: 'client side: the JetStream client behind jsm.jetstream()',
      },
    },
    JetStreamStreamAPI: {
      realTypes: ['StreamAPI'],
      methods: {
        add: 'promise',
        update: 'promise',
        info: 'promise',
        delete: 'promise',
        purge: 'promise',
        deleteMessage: 'promise',
        getMessage: 'promise',
        list: { remote: 'JetStreamStreamLister', sync: true },
        names: { remote: 'JetStreamNameLister', sync: true },
        find: 'promise',
        get: 'promise',
      },
      hostOnly: { _request: apiRequest },
    },
    JetStreamConsumerAPI: {
      realTypes: ['ConsumerAPI'],
      methods: {
        add: 'promise',
        update: 'promise',
        info: 'promise',
        delete: 'promise',
        list: { remote: 'JetStreamConsumerLister', sync: true },
        // Each refuses as not modelled, with what to use instead.
        pause: 'promise',
        resume: 'promise',
        reset: 'promise',
        unpin: 'promise',
      },
      hostOnly: { _request: apiRequest },
    },
    JetStreamStreamLister: lister,
    JetStreamNameLister: lister,
    JetStreamConsumerLister: lister,
    JetStreamConsumer: {
      realTypes: ['Consumer'],
      methods: {
        consume: { remote: 'JetStreamConsumerMessages', sync: false },
        fetch: { remote: 'JetStreamConsumerMessages', sync: false },
        next: 'promise',
        delete: 'promise',
        info: 'promise',
      },
      hostOnly: {
        isPullConsumer: syncAnswer,
        isPushConsumer: syncAnswer,
        nextOrderedConfig: 'client side: an ordered consumer starting over',
      },
    },
    JetStreamConsumerMessages: {
      realTypes: ['ConsumerMessages'],
      asyncIterable: true,
      methods: { close: 'promise', closed: 'promise' },
      hostOnly: { ...queuedIteratorHostOnly, status: notCrossing },
    },
    JsMsg: {
      realTypes: ['JsMsg'],
      fields: ['subject', 'sid', 'data', 'info', 'redelivered', 'seq', 'time'],
      localMethods: payloadMethods,
      methods: {
        ack: 'void',
        nak: 'void',
        working: 'void',
        term: 'void',
        ackAck: 'promise',
      },
      hostOnly: { next: 'not yet crossing: ack and ask for the next message with consumer.next()' },
    },
  },
};
