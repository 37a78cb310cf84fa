import type { SandboxSource } from '../contract';

/** What a broker restart did, said for the broker the sandbox runs on. */
export const restartedBrokerText: Readonly<Record<SandboxSource['manifest']['model'], string>> = {
  redis:
    'Redis restarted: every connection dropped (ioredis reconnects and resubscribes on its own), and nothing published meanwhile reached anyone; without persistence, every key is gone.',
  amqp: 'RabbitMQ restarted: every connection closed (unacked messages went back to their queues first); durable queues kept their persistent messages, everything else is gone.',
  kafka:
    'Kafka restarted: the logs and committed offsets are kept; clients reconnect, consumer groups rebalance, and uncommitted progress is read again.',
  none: 'The broker restarted (no service here uses one).',
};
