import type { BrokerModel } from './core/broker-model';
import type { ClientSurface } from './core/client-surface';
import { amqpModel } from './amqp/model';
import { kafkaModel } from './kafka/model';
import { natsModel } from './nats/model';
import { redisModel } from './redis/model';

/**
 * Every broker model a sandbox can run on: `createBroker` hosts these, `sandbox.json`'s "model"
 * names one, and the runtime serves their client modules. Adding a model is one line here (see
 * "Adding a broker model" in `src/broker/README.md`).
 */
export const brokerModels: readonly BrokerModel[] = [redisModel, amqpModel, kafkaModel, natsModel];

/** The client surfaces of `models`, one per module they serve, in list order. */
export function surfacesOf(
  models: readonly BrokerModel[] = brokerModels,
): readonly ClientSurface[] {
  return models.flatMap((model) => model.surfaces);
}
