/** The broker a downloaded sandbox needs, as docker compose starts it on localhost. */
export interface ComposeBroker {
  /** "Redis", for the README. */
  readonly title: string;
  /** Where the sandbox code connects, for the README. */
  readonly address: string;
  readonly compose: string;
}

const service = (name: string, image: string, port: string, extra = ''): string =>
  `# Starts the broker this sandbox's code connects to, on localhost.\n# docker compose up -d (and docker compose down -v to remove it with everything it stored)\nservices:\n  ${name}:\n    image: ${image}\n    ports:\n      - '${port}:${port}'\n${extra}`;

/**
 * One entry per broker model (sandbox.json's `model`). A model with none here downloads
 * without a compose.yaml, and its README says so.
 */
export const composeBrokers: Readonly<Record<string, ComposeBroker>> = {
  redis: {
    title: 'Redis',
    address: 'redis://localhost:6379',
    compose: service('redis', 'redis:7-alpine', '6379'),
  },
  amqp: {
    title: 'RabbitMQ',
    address: 'amqp://localhost:5672 (guest/guest)',
    compose: service('rabbitmq', 'rabbitmq:4-alpine', '5672'),
  },
  kafka: {
    title: 'Kafka',
    address: 'localhost:9092',
    // The image's default configuration is one KRaft node advertising localhost:9092.
    compose: service('kafka', 'apache/kafka:3.9.0', '9092'),
  },
  nats: {
    title: 'NATS (with JetStream)',
    address: 'nats://localhost:4222',
    compose: service('nats', 'nats:2-alpine', '4222', "    command: ['-js']\n"),
  },
};
