import type { BrokerModel } from '../../broker';

/** Said when the broker of a sandbox that uses none restarts. */
const noBrokerText = 'The broker restarted (no service here uses one).';

/**
 * What a broker restart did, said for the model the sandbox runs on (its `restartText`), from
 * the models the run's broker hosts.
 */
export function restartedBrokerText(models: readonly BrokerModel[], model: string): string {
  return models.find((candidate) => candidate.name === model)?.restartText ?? noBrokerText;
}
