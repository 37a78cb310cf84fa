import { expect, it } from 'vitest';
import { onRealBroker, onSimulator, type Scenario } from './harness';

/** One scenario, run on both brokers at once; their outcomes must be deep-equal. */
export function conformance(id: string, scenario: Scenario): void {
  it(id, async () => {
    const [real, simulated] = await Promise.all([
      onRealBroker(id, scenario),
      onSimulator(id, scenario),
    ]);
    // CONFORMANCE_PRINT=1 shows what was compared, to see that a scenario observes something.
    if (process.env['CONFORMANCE_PRINT']) console.log(id, JSON.stringify(real));
    expect(simulated).toEqual(real);
  });
}
