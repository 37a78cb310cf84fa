/**
 * Faults a reader can switch on. Probabilities are in [0, 1]; every draw uses the broker's
 * seeded PRNG so the same seed and code replay the same run.
 */
export interface FaultSettings {
  /** Probability that one delivery is lost on the way to a consumer. */
  readonly drop: number;
  /** Probability that one delivery arrives twice. */
  readonly duplicate: number;
  /** Extra delay added to each delivery, in ms, plus up to `jitterMs` more drawn at random. */
  readonly delayMs: number;
  readonly jitterMs: number;
  /** Probability that a delivery is held back behind the next one to the same destination. */
  readonly reorder: number;
}

/** No faults: what a broker starts with. */
export const noFaults: FaultSettings = {
  drop: 0,
  duplicate: 0,
  delayMs: 0,
  jitterMs: 0,
  reorder: 0,
};
