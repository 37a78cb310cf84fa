import { emitterHostOnly, emitterMethods, type ClientSurface } from '../core/client-surface';

const remoteChannel = { remote: 'AmqpChannel', sync: false } as const;

/**
 * The amqplib surface of the RabbitMQ model, declared once: the runtime's RPC schema and the
 * editor's typings come from here (see ../core/client-surface.ts). Plain data, so the page and
 * the guest may load it without the model.
 */
export const amqpSurface: ClientSurface = {
  module: 'amqplib',
  exportNames: ['connect'],
  exports: {
    connect: { call: { remote: 'AmqpConnection', sync: false } },
    'default.connect': { call: { remote: 'AmqpConnection', sync: false } },
  },
  classes: {
    AmqpConnection: {
      realTypes: ['ChannelModel'],
      methods: {
        ...emitterMethods,
        createChannel: remoteChannel,
        createConfirmChannel: remoteChannel,
        close: 'promise',
      },
      hostOnly: {
        ...emitterHostOnly,
        soon: 'runtime: schedules the connection’s work',
        forgetChannel: 'runtime: a channel closed',
        drop: 'runtime hook: the broker dropped the connection',
        processCrashed: 'runtime hook: the service died',
        failConnection: 'runtime: a channel error that closes the connection',
      },
    },
    // Plain and confirm channels share this class; `waitForConfirms` is found only on the latter.
    AmqpChannel: {
      realTypes: ['Channel', 'ConfirmChannel'],
      methods: {
        ...emitterMethods,
        assertQueue: 'promise',
        checkQueue: 'promise',
        deleteQueue: 'promise',
        purgeQueue: 'promise',
        bindQueue: 'promise',
        unbindQueue: 'promise',
        assertExchange: 'promise',
        checkExchange: 'promise',
        deleteExchange: 'promise',
        bindExchange: 'promise',
        unbindExchange: 'promise',
        publish: 'true',
        sendToQueue: 'true',
        consume: 'promise',
        cancel: 'promise',
        get: 'promise',
        ack: 'void',
        ackAll: 'void',
        nack: 'void',
        nackAll: 'void',
        reject: 'void',
        recover: 'promise',
        prefetch: 'promise',
        // amqplib's own name for prefetch (lib/channel_model.js); its typings leave it out.
        qos: 'promise',
        close: 'promise',
        waitForConfirms: 'promise',
      },
      hostOnly: {
        ...emitterHostOnly,
        deliver: 'server side: the broker delivers a message',
        returned: 'server side: the broker returns a message',
        fail: 'server side: the broker closes the channel',
        connectionClosed: 'runtime: the connection closed',
      },
    },
  },
};
