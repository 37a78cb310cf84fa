/**
 * A small seeded PRNG (mulberry32): every random choice in the broker (faults, sticky
 * partitions, NATS-style random picks) goes through one of these so a seed replays a run.
 *
 * @example
 * const random = createPrng(42);
 * random(); // 0.6011037519201636, the same on every machine
 */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
