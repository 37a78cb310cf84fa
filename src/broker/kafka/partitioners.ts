import { legacyMurmur2, murmur2, toPositive } from './murmur2';
import type { ICustomPartitioner, PartitionerArgs } from './types';

/**
 * kafkajs's partitioner logic (src/producer/partitioners/legacy/partitioner.js), with the
 * per-topic round-robin counter seeded from the broker's PRNG instead of crypto so a seed
 * replays the same keyless placement.
 */
function createPartitioner(
  hash: (key: string | Uint8Array) => number,
  random: () => number,
): ICustomPartitioner {
  return () => {
    const counters = new Map<string, number>();
    return ({ topic, partitionMetadata, message }: PartitionerArgs) => {
      if (!counters.has(topic)) counters.set(topic, Math.floor(random() * 0x100000000));
      if (message.partition !== null && message.partition !== undefined) return message.partition;
      const numPartitions = partitionMetadata.length;
      if (message.key !== null && message.key !== undefined) {
        return toPositive(hash(message.key)) % numPartitions;
      }
      // Keyless: strict round-robin from a random start, as kafkajs does (the Java client is
      // sticky per batch instead; docs/broker-semantics.md, Kafka 1 notes the difference).
      const available = partitionMetadata.filter((p) => p.leader >= 0);
      const next = (counters.get(topic) ?? 0) + 1;
      counters.set(topic, next);
      if (available.length > 0) {
        return available[toPositive(next) % available.length]?.partitionId ?? 0;
      }
      return toPositive(next) % numPartitions;
    };
  };
}

/** The `Partitioners` export, shaped like kafkajs's, drawing random starts from `random`. */
export interface PartitionersExport {
  readonly DefaultPartitioner: ICustomPartitioner;
  readonly LegacyPartitioner: ICustomPartitioner;
  /** @deprecated kafkajs renamed it DefaultPartitioner in 2.0. */
  readonly JavaCompatiblePartitioner: ICustomPartitioner;
}

/**
 * Builds the partitioners: Default = Java-compatible murmur2 (kafkajs 2.x default),
 * Legacy = kafkajs 1.x's floating-point murmur2.
 *
 * @example
 * const choose = createPartitioners(Math.random).DefaultPartitioner();
 * choose({ topic: 't', partitionMetadata, message: { key: 'a', value: 'x' } });
 */
export function createPartitioners(random: () => number): PartitionersExport {
  const DefaultPartitioner = createPartitioner(murmur2, random);
  return {
    DefaultPartitioner,
    LegacyPartitioner: createPartitioner(legacyMurmur2, random),
    JavaCompatiblePartitioner: DefaultPartitioner,
  };
}
