import type { ClientSurface } from './client-surface';
import type { ModelContext } from './model-context';

/**
 * One broker model as `createBroker` hosts it (Redis Pub/Sub, RabbitMQ, Kafka…): a plug-in.
 * Adding a model is a folder under `src/broker/` that exports one of these, and one line in
 * `src/broker/models.ts` (see "Adding a broker model" in `src/broker/README.md`).
 */
export interface BrokerModel {
  /** Its name in `sandbox.json` ("model") and on every trace event it emits: `redis`, `amqp`… */
  readonly name: string;
  /** What readers call it, in console notes: "Redis", "RabbitMQ", "Kafka". */
  readonly title: string;
  /** The import specifiers whose modules it serves to a service: `['ioredis']`. */
  readonly modules: readonly string[];
  /**
   * The client API sandbox code may use, one surface per module (`<model>/client-surface.ts`):
   * the runtime's RPC schema and the editor's typings are derived from these.
   */
  readonly surfaces: readonly ClientSurface[];
  /**
   * What a broker restart keeps and loses, said to the reader when they press "Restart broker"
   * in a sandbox on this model.
   */
  readonly restartText: string;
  /** Builds the model inside one broker. Called on first use, so unused models cost nothing. */
  create(context: ModelContext, options: ModelOptions): ModelInstance;
}

/** Broker options a model may read (each ignores what it does not model). */
export interface ModelOptions {
  /** Ready messages a queue keeps when it has no length limit of its own. */
  readonly queueCap?: number;
}

/** A model running inside one broker. */
export interface ModelInstance {
  /**
   * The client modules one service imports, keyed by specifier (`{ ioredis: … }`): clients made
   * through them are named after `serviceName` unless the code names them.
   */
  modulesFor(serviceName: string): Readonly<Record<string, unknown>>;
  /**
   * Drops every connection of `clientName` abruptly, as if its process died, and traces
   * `crashed` for what it dropped. Returns how many connections it dropped.
   */
  crash(clientName: string): number;
  /**
   * Restarts this model's server: what is transient is lost, what its real counterpart keeps is
   * kept (see `restartText`). Traces `restarted` when a client of the run has used the model.
   */
  restart(): void;
}
