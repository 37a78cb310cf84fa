import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createPrng } from '../core/prng';
import { legacyMurmur2, murmur2, toPositive } from './murmur2';
import { createPartitioners } from './partitioners';
import type { PartitionMetadata, PartitionerArgs } from './types';

const require = createRequire(import.meta.url);
type RealPartitioner = () => (args: PartitionerArgs) => number;
// kafkajs's own partitioners, straight from node_modules, as the reference.
const real = require('kafkajs/src/producer/partitioners/index.js') as {
  DefaultPartitioner: RealPartitioner;
  LegacyPartitioner: RealPartitioner;
};

function metadata(count: number): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
}

function keys(): string[] {
  const random = createPrng(7);
  const out: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const kind = i % 4;
    if (kind === 0) out.push(`order-${i}`);
    else if (kind === 1) out.push(String(Math.floor(random() * 1e9)));
    else if (kind === 2) out.push(`clé-${i}-ü-€`);
    else out.push('k'.repeat(1 + (i % 13)) + i);
  }
  return out;
}

describe('kafka partitioners', () => {
  it('same key always lands on the same partition', () => {
    const choose = createPartitioners(createPrng(1)).DefaultPartitioner();
    const partitionMetadata = metadata(6);
    const first = choose({
      topic: 't',
      partitionMetadata,
      message: { key: 'customer-9', value: 'a' },
    });
    for (let i = 0; i < 50; i++) {
      expect(
        choose({ topic: 't', partitionMetadata, message: { key: 'customer-9', value: `v${i}` } }),
      ).toBe(first);
    }
  });

  it('DefaultPartitioner picks the same partition as kafkajs for 1,000 keys', () => {
    for (const count of [1, 3, 4, 7, 12]) {
      const ours = createPartitioners(createPrng(1)).DefaultPartitioner();
      const theirs = real.DefaultPartitioner();
      const partitionMetadata = metadata(count);
      for (const key of keys()) {
        const message = { key, value: 'x' };
        expect(ours({ topic: 't', partitionMetadata, message })).toBe(
          theirs({ topic: 't', partitionMetadata, message }),
        );
      }
    }
  });

  it('DefaultPartitioner hashes byte keys like kafkajs', () => {
    const ours = createPartitioners(createPrng(1)).DefaultPartitioner();
    const theirs = real.DefaultPartitioner();
    const partitionMetadata = metadata(5);
    for (let i = 0; i < 200; i++) {
      const key = Buffer.from(Array.from({ length: i % 17 }, (_, j) => (i * 31 + j * 7) % 256));
      expect(ours({ topic: 't', partitionMetadata, message: { key, value: 'x' } })).toBe(
        theirs({ topic: 't', partitionMetadata, message: { key, value: 'x' } }),
      );
    }
  });

  it('LegacyPartitioner picks the same partition as kafkajs for 1,000 keys', () => {
    const ours = createPartitioners(createPrng(1)).LegacyPartitioner();
    const theirs = real.LegacyPartitioner();
    const partitionMetadata = metadata(7);
    for (const key of keys()) {
      const message = { key, value: 'x' };
      expect(ours({ topic: 't', partitionMetadata, message })).toBe(
        theirs({ topic: 't', partitionMetadata, message }),
      );
    }
  });

  it('murmur2 matches the Java client for known vectors', () => {
    // Kafka's UtilsTest: murmur2 of an empty array is 275646681 in the Java client.
    expect(murmur2('')).toBe(275646681);
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(legacyMurmur2('')).toBe(legacyMurmur2(new Uint8Array(0)));
  });

  it('keyless records rotate round-robin from a random start', () => {
    const choose = createPartitioners(createPrng(3)).DefaultPartitioner();
    const partitionMetadata = metadata(4);
    const picks = Array.from({ length: 8 }, () =>
      choose({ topic: 't', partitionMetadata, message: { value: 'x' } }),
    );
    const start = picks[0] ?? 0;
    expect(picks).toEqual(Array.from({ length: 8 }, (_, i) => (start + i) % 4));
  });

  it('an explicit partition wins over the key', () => {
    const choose = createPartitioners(createPrng(3)).DefaultPartitioner();
    expect(
      choose({
        topic: 't',
        partitionMetadata: metadata(4),
        message: { key: 'a', value: 'x', partition: 3 },
      }),
    ).toBe(3);
  });
});
