/**
 * Where each broker model's real server is, how to reach it and how to start it. A sandbox's
 * `model` picks one row; a model with no row (or no server here) is said so before anything
 * runs. Adding a model to `--broker real` is a row here, a wrapper (isolate-*.ts) and a cleanup
 * (cleanup.ts).
 */
export interface RealBrokerInfo {
  /** The product, in messages: "Redis". */
  readonly title: string;
  /** The command-line flag that overrides the address: `--redis-url`. */
  readonly flag: string;
  /** The environment variable the address comes from when no flag is given. */
  readonly envVariable: string;
  /** The address when neither is set. */
  readonly defaultAddress: string;
  /** The port when the address names none. */
  readonly defaultPort: number;
  /** How a reader starts one on loopback. */
  readonly startHint: string;
}

export const realBrokers: Readonly<Record<string, RealBrokerInfo>> = {
  redis: {
    defaultPort: 6379,
    title: 'Redis',
    flag: '--redis-url',
    envVariable: 'REDIS_URL',
    defaultAddress: 'redis://127.0.0.1:6379',
    startHint:
      'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" (or: docker run -p 6379:6379 redis:7)',
  },
  amqp: {
    defaultPort: 5672,
    title: 'RabbitMQ',
    flag: '--amqp-url',
    envVariable: 'AMQP_URL',
    defaultAddress: 'amqp://guest:guest@127.0.0.1:5672',
    startHint: 'rabbitmq-server -detached (or: docker run -p 5672:5672 rabbitmq:4)',
  },
  nats: {
    defaultPort: 4222,
    title: 'NATS',
    flag: '--nats-url',
    envVariable: 'NATS_URL',
    defaultAddress: 'nats://127.0.0.1:4222',
    startHint: 'nats-server -js -a 127.0.0.1 (or: docker run -p 4222:4222 nats:2 -js)',
  },
  kafka: {
    defaultPort: 9092,
    title: 'Kafka',
    flag: '--kafka-brokers',
    envVariable: 'KAFKA_BROKERS',
    defaultAddress: '127.0.0.1:9092',
    startHint: 'docker run -p 9092:9092 apache/kafka:3.9.0',
  },
};

/**
 * Models `--broker real` cannot run yet, with why. Kafka: no server runs where this project is
 * built and tested, so a wrapper for kafkajs would be code no test has ever held to a broker;
 * the downloaded project (Download in the sandbox) runs on Kafka through its compose.yaml.
 */
export const notRunnableOnRealBroker: Readonly<Record<string, string>> = {
  kafka:
    'Kafka sandboxes do not run with --broker real: no Kafka server runs where this project is tested, so its isolation wrapper would be untested. Use Download in the sandbox: the project it gives you starts Kafka with docker compose and runs the same code.',
};

/** The address for `model`: its flag, else its environment variable, else the default. */
export function brokerAddress(
  model: string,
  flags: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const info = realBrokers[model];
  if (!info) throw new Error(`no real broker is known for model "${model}"`);
  return flags[info.flag] ?? env[info.envVariable] ?? info.defaultAddress;
}
