import type { ModelContext } from '../core/model-context';
import type { Cluster } from './cluster';
import type { ConsumerGroup } from './consumer-group';
import type { KafkaClientKind } from './endpoints';

/** Something the broker disconnects on restart. */
export interface RestartableClient {
  /** The `clientId` its Kafka instance was built with. */
  readonly clientId: string;
  /** The broker went away: drop connection state; rejoin or reconnect as kafkajs would. */
  brokerRestarted(): void;
  /** The client's process died: no goodbye is sent to the broker. */
  processCrashed(): void;
}

/** What every client object of one simulated Kafka shares. */
export interface ClientEnv {
  readonly ctx: ModelContext;
  readonly cluster: Cluster;
  readonly groups: Map<string, ConsumerGroup>;
  /** Live clients, for `restart()`. */
  readonly clients: Set<RestartableClient>;
  /** The consumer group `groupId`, created on first use. */
  group(groupId: string): ConsumerGroup;
  /** A trace endpoint for a new client, unique among the clients made so far. */
  label(kind: KafkaClientKind, clientId: string): string;
  /** Resolves after `ms` of broker time. */
  sleep(ms: number): Promise<void>;
}
