import type { ClientSurface, ReturnShape } from '../core/client-surface';

const logger: ReturnShape = { remote: 'KafkaLogger', sync: true };

/**
 * The kafkajs surface of the Kafka model, declared once: the runtime's RPC schema and the
 * editor's typings come from here (see ../core/client-surface.ts). Plain data, so the page and
 * the guest may load it without the model. The event names and constants are kafkajs's own
 * (`client-surface.test.ts` compares them with the installed package and the simulator).
 */
export const kafkaSurface: ClientSurface = {
  module: 'kafkajs',
  exportNames: ['Kafka', 'Partitioners', 'logLevel', 'CompressionTypes'],
  exports: {
    Kafka: { construct: 'Kafka' },
    'default.Kafka': { construct: 'Kafka' },
  },
  constants: {
    logLevel: { NOTHING: 0, ERROR: 1, WARN: 2, INFO: 4, DEBUG: 5 },
    CompressionTypes: { None: 0, GZIP: 1, Snappy: 2, LZ4: 3, ZSTD: 4 },
  },
  classes: {
    Kafka: {
      realTypes: ['Kafka'],
      methods: {
        producer: { remote: 'KafkaProducer', sync: true },
        consumer: { remote: 'KafkaConsumer', sync: true },
        admin: { remote: 'KafkaAdmin', sync: true },
        logger,
      },
    },
    KafkaProducer: {
      realTypes: ['Producer'],
      methods: {
        connect: 'promise',
        disconnect: 'promise',
        send: 'promise',
        sendBatch: 'promise',
        on: 'remover',
      },
      props: {
        events: {
          CONNECT: 'producer.connect',
          DISCONNECT: 'producer.disconnect',
          REQUEST: 'producer.network.request',
          REQUEST_TIMEOUT: 'producer.network.request_timeout',
          REQUEST_QUEUE_SIZE: 'producer.network.request_queue_size',
        },
      },
      hostOnly: {
        isIdempotent: 'answers synchronously from host state (the producer’s config)',
        processCrashed: 'runtime hook: the service died',
        brokerRestarted: 'runtime hook: the broker restarted',
      },
    },
    KafkaConsumer: {
      realTypes: ['Consumer'],
      methods: {
        connect: 'promise',
        disconnect: 'promise',
        subscribe: 'promise',
        run: 'promise',
        stop: 'promise',
        commitOffsets: 'promise',
        describeGroup: 'promise',
        seek: 'void',
        pause: 'void',
        resume: 'void',
        on: 'remover',
        logger,
      },
      awaitedCallbacks: ['run'],
      props: {
        events: {
          HEARTBEAT: 'consumer.heartbeat',
          COMMIT_OFFSETS: 'consumer.commit_offsets',
          GROUP_JOIN: 'consumer.group_join',
          FETCH: 'consumer.fetch',
          FETCH_START: 'consumer.fetch_start',
          START_BATCH_PROCESS: 'consumer.start_batch_process',
          END_BATCH_PROCESS: 'consumer.end_batch_process',
          CONNECT: 'consumer.connect',
          DISCONNECT: 'consumer.disconnect',
          STOP: 'consumer.stop',
          CRASH: 'consumer.crash',
          REBALANCING: 'consumer.rebalancing',
          RECEIVED_UNSUBSCRIBED_TOPICS: 'consumer.received_unsubscribed_topics',
          REQUEST: 'consumer.network.request',
          REQUEST_TIMEOUT: 'consumer.network.request_timeout',
          REQUEST_QUEUE_SIZE: 'consumer.network.request_queue_size',
        },
      },
      hostOnly: {
        paused: 'answers synchronously from host state (the paused partitions)',
        revoke: 'runtime: the group takes the partitions back',
        assign: 'runtime: the group hands out partitions',
        processCrashed: 'runtime hook: the service died',
        brokerRestarted: 'runtime hook: the broker restarted',
      },
    },
    KafkaAdmin: {
      realTypes: ['Admin'],
      methods: {
        connect: 'promise',
        disconnect: 'promise',
        createTopics: 'promise',
        createPartitions: 'promise',
        deleteTopics: 'promise',
        listTopics: 'promise',
        listGroups: 'promise',
        describeGroups: 'promise',
        fetchTopicOffsets: 'promise',
        fetchOffsets: 'promise',
        resetOffsets: 'promise',
        setOffsets: 'promise',
        on: 'remover',
      },
      props: {
        events: {
          CONNECT: 'admin.connect',
          DISCONNECT: 'admin.disconnect',
          REQUEST: 'admin.network.request',
          REQUEST_TIMEOUT: 'admin.network.request_timeout',
          REQUEST_QUEUE_SIZE: 'admin.network.request_queue_size',
        },
      },
      hostOnly: {
        processCrashed: 'runtime hook: the service died',
        brokerRestarted: 'runtime hook: the broker restarted',
      },
    },
    // What `kafka.logger()` returns; the simulator logs nothing, so each call is a no-op.
    KafkaLogger: {
      realTypes: ['Logger'],
      methods: { info: 'void', warn: 'void', error: 'void', debug: 'void' },
    },
  },
};
