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

/**
 * A draw in [0, 1) fixed by the seed and a key alone, not by how many draws came before. The
 * fault gate keys its draws by the delivery (message, destination, attempt), so services
 * running in real threads, whose calls interleave differently from run to run, still get
 * the same faults on the same deliveries for the same seed.
 *
 * @example
 * keyedDraw(42, 'm3>billing#1|duplicate') === keyedDraw(42, 'm3>billing#1|duplicate'); // true
 */
export function keyedDraw(seed: number, key: string): number {
  // FNV-1a over the key, started from the seed, then mulberry32's output mix.
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  let t = (hash + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
