import { describe, expect, it } from 'vitest';
import { NotModelledError } from './not-modelled';
import { jetStreamOf, natsTestKit } from './test-kit';

/** Runs `call` and returns the refusal's message ('' if it did not refuse). */
async function refusal(call: () => unknown): Promise<string> {
  try {
    const result = call();
    // A call that did not refuse at once may wait for the broker: it fails the test either way.
    if (result instanceof Promise) void result.catch(() => undefined);
    await Promise.race([result, Promise.resolve()]);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(NotModelledError);
    return (error as Error).message;
  }
}

describe('What the NATS model does not model refuses at once', () => {
  it('refuses core client features it has no model of, saying what to use instead', async () => {
    const kit = natsTestKit();
    const nats = kit.nats();
    const nc = await kit.connect();
    const refused = [
      await refusal(() => nats.connect({ tls: {} })),
      await refusal(() => nats.connect({ authenticator: () => ({}) })),
      await refusal(() => nats.wsconnect()),
      await refusal(() => nats.credsAuthenticator()),
      await refusal(() => new (nats.Bench as unknown as new () => unknown)()),
      await refusal(() => nc.requestMany('x')),
      await refusal(() => nc.setServers(['a:4222'])),
      await refusal(() => nc.context()),
      await refusal(() => nc.publish('x', '', { traceDestination: 'trace' })),
      await refusal(() => nc.subscribe('x', { slow: 10 } as never)),
    ];
    for (const message of refused) expect(message).toMatch(/not modelled in the simulator: \S/);
    expect(refused[5]).toContain('nc.requestMany()');
  });

  it('refuses JetStream features and configuration it has no model of', async () => {
    const kit = natsTestKit();
    const { nc, jsm, js } = await jetStreamOf(kit);
    await kit.drive(jsm.streams.add({ name: 'S', subjects: ['s.>'] }));
    const { jetstream } = kit.js();
    const refused = [
      await refusal(() => jsm.streams.add({ name: 'M', mirror: { name: 'S' } })),
      await refusal(() => jsm.streams.add({ name: 'T', subjects: ['t'], allow_msg_ttl: true })),
      await refusal(() =>
        jsm.consumers.add('S', { durable_name: 'p', deliver_subject: 'push.here' }),
      ),
      await refusal(() =>
        jsm.consumers.add('S', {
          durable_name: 'r',
          ack_policy: 'explicit',
          replay_policy: 'original',
        }),
      ),
      await refusal(() =>
        jsm.consumers.add('S', { durable_name: 'q', ack_policy: 'explicit', rate_limit_bps: 10 }),
      ),
      await refusal(() => js.publish('s.x', 'x', { ttl: '1s' })),
      await refusal(() => js.consumers.getPushConsumer('S', 'p')),
      await refusal(() => js.startBatch('s.x', 'x')),
      await refusal(() => (jsm.direct as unknown as { getMessage(): unknown }).getMessage()),
      await refusal(() => jsm.advisories()),
      await refusal(() => jsm.consumers.pause('S', 'c', new Date())),
      await refusal(() => jetstream(nc, { domain: 'hub' })),
    ];
    refused.forEach((message, i) =>
      expect(`${i}: ${message}`).toMatch(/not modelled in the simulator: \S/),
    );
    expect(refused[0]).toContain("'mirror'");
  });
});
