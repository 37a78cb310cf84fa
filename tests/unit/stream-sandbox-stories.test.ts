import { describe, expect, it } from 'vitest';
import { loadSandbox } from '../../src/runtime/catalog';
import { consoleOf, edited, transcript } from './sandbox-story-kit';

/**
 * What the lessons "Redis Streams" and "NATS and JetStream" tell readers to expect from their
 * sandboxes, proved by running them in Node on the simulator (seed 1).
 */
describe('lesson redis-streams: registration on a stream', () => {
  it('a crashed consumer’s entry waits in the pending list until XAUTOCLAIM hands it to email-2', async () => {
    const lines = await consoleOf(loadSandbox('registration-streams'));
    const text = transcript(lines);
    // Every group reads every entry: the stream keeps them.
    expect(text.filter((l) => l.startsWith('profile: created an empty profile'))).toHaveLength(3);
    expect(text).toContain('analytics: registrations so far: 3');
    // email-1 read Linus's entry (1300-0) and died before XACK.
    expect(text).toContain(
      'email-1: crashed before XACK: entry 1300-0 stays pending under email-1',
    );
    // The entry waits, owned by the dead consumer, its idle time growing, delivered once.
    const waits = text.filter((l) => l.startsWith('email-2: entry 1300-0 pending under email-1'));
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits.every((l) => l.endsWith('(delivered 1×)'))).toBe(true);
    // Then email-2 claims it, once it has been idle 3 s, and acknowledges it.
    const claim = lines.find((l) => l.text.startsWith('claimed entry 1300-0 with XAUTOCLAIM'));
    const crash = lines.find((l) => l.text.startsWith('crashed before XACK'));
    expect(claim?.service).toBe('email-2');
    expect(claim!.time - crash!.time).toBeGreaterThanOrEqual(3000);
    expect(text).toContain('email-2: sent, and acknowledged entry 1300-0');
    expect(text.filter((l) => l.includes('sending welcome email to linus'))).toHaveLength(2);
  }, 60_000);

  it('without the crash email-1 acknowledges every entry and email-2 has nothing to claim', async () => {
    const lines = await consoleOf(
      edited('registration-streams', 'email-service.ts', (text) =>
        text.replace("if (user.name === 'Linus') {", "if (user.name === 'nobody') {"),
      ),
    );
    const text = transcript(lines);
    expect(text.filter((l) => l.startsWith('email-1: sent, and acknowledged'))).toHaveLength(3);
    expect(text.some((l) => l.startsWith('email-2: claimed'))).toBe(false);
  }, 60_000);
});
