import { brokerModels } from '../../broker';

/** Said when the broker of a sandbox that uses none restarts. */
const noBrokerText = 'The broker restarted (no service here uses one).';

/** What a broker restart did, said for the model the sandbox runs on (its `restartText`). */
export function restartedBrokerText(model: string): string {
  return brokerModels.find((candidate) => candidate.name === model)?.restartText ?? noBrokerText;
}
