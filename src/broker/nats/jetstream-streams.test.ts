import { describe, expect, it } from 'vitest';
import { JetStreamApiError, StreamNotFoundError } from './js-errors';
import { jetStreamOf, natsTestKit } from './test-kit';

const second = 1_000_000_000;

describe('JetStream streams', () => {
  it('drops the oldest message beyond max_msgs (discard old), traced dropped/max-msgs', async () => {
    const kit = natsTestKit();
    const { jsm, js } = await jetStreamOf(kit);
    const info = await kit.drive(
      (async () => {
        await jsm.streams.add({ name: 'S', subjects: ['s.>'], max_msgs: 2 });
        for (const d of ['1', '2', '3']) await js.publish('s.x', d);
        return jsm.streams.info('S');
      })(),
    );
    expect(info.state).toMatchObject({ messages: 2, first_seq: 2, last_seq: 3 });
    expect(kit.natsEvents('dropped')[0]).toMatchObject({ from: 'stream:S', reason: 'max-msgs' });
  });

  it('refuses a message over the limit with discard new: 10077 "maximum messages exceeded"', async () => {
    const kit = natsTestKit();
    const { jsm, js } = await jetStreamOf(kit, 'orders');
    const error = await kit.drive(
      (async () => {
        await jsm.streams.add({ name: 'S', subjects: ['s.>'], max_msgs: 1, discard: 'new' });
        await js.publish('s.x', 'kept');
        return js.publish('s.x', 'refused').catch((e: unknown) => e);
      })(),
    );
    expect(error).toBeInstanceOf(JetStreamApiError);
    expect((error as JetStreamApiError).code).toBe(10077);
    expect((error as JetStreamApiError).message).toBe('maximum messages exceeded');
    expect(kit.natsEvents('dropped').at(-1)).toMatchObject({ to: 'stream:S', reason: 'max-msgs' });
  });

  it('expires messages older than max_age on the scheduler, traced expired', async () => {
    const kit = natsTestKit();
    const { jsm, js } = await jetStreamOf(kit);
    await kit.drive(
      (async () => {
        await jsm.streams.add({ name: 'S', subjects: ['s.>'], max_age: 10 * second });
        await js.publish('s.x', 'old');
      })(),
    );
    await kit.run(kit.scheduler.now() + 5_000);
    const during = await kit.drive(jsm.streams.info('S'));
    await kit.run(kit.scheduler.now() + 6_000);
    const after = await kit.drive(jsm.streams.info('S'));
    expect([during.state['messages'], after.state['messages']]).toEqual([1, 0]);
    expect(kit.natsEvents('expired')[0]).toMatchObject({ from: 'stream:S', reason: 'max-age' });
  });

  it('answers a repeated Nats-Msg-Id inside the duplicate window with the first sequence, not after it', async () => {
    const kit = natsTestKit();
    const { jsm, js } = await jetStreamOf(kit);
    const acks = await kit.drive(
      (async () => {
        await jsm.streams.add({ name: 'S', subjects: ['s.>'], duplicate_window: 2 * second });
        const first = await js.publish('s.x', 'a', { msgID: 'order-1' });
        const again = await js.publish('s.x', 'a', { msgID: 'order-1' });
        return [first, again];
      })(),
    );
    await kit.run(kit.scheduler.now() + 3_000);
    const later = await kit.drive(js.publish('s.x', 'a', { msgID: 'order-1' }));
    expect(acks.map((a) => [a.seq, a.duplicate])).toEqual([
      [1, false],
      [1, true],
    ]);
    expect([later.seq, later.duplicate]).toEqual([2, false]);
    expect(kit.natsEvents('dropped')[0]).toMatchObject({ reason: 'duplicate' });
  });

  it('skips a message on an interest stream nobody reads, and removes one once every consumer acked it', async () => {
    const kit = natsTestKit();
    const { jsm, js } = await jetStreamOf(kit);
    const states = await kit.drive(
      (async () => {
        await jsm.streams.add({ name: 'I', subjects: ['i.>'], retention: 'interest' });
        const skipped = await js.publish('i.x', 'nobody');
        await jsm.consumers.add('I', { durable_name: 'a', ack_policy: 'explicit' });
        await jsm.consumers.add('I', { durable_name: 'b', ack_policy: 'explicit' });
        await js.publish('i.x', 'both');
        const counts = [];
        for (const name of ['a', 'b']) {
          const m = await (await js.consumers.get('I', name)).next({ expires: 1000 });
          m?.ack();
          await nc(js).flush();
          counts.push((await jsm.streams.info('I')).state['messages']);
        }
        return { skipped: skipped.seq, counts };
      })(),
    );
    expect(states).toEqual({ skipped: 1, counts: [1, 0] });
  });

  it('removes a work-queue message when it is acked and allows one unfiltered consumer', async () => {
    const kit = natsTestKit();
    const { jsm, js } = await jetStreamOf(kit);
    const result = await kit.drive(
      (async () => {
        await jsm.streams.add({ name: 'W', subjects: ['w.>'], retention: 'workqueue' });
        await jsm.consumers.add('W', { durable_name: 'worker', ack_policy: 'explicit' });
        const other = await jsm.consumers
          .add('W', { durable_name: 'other', ack_policy: 'explicit' })
          .catch((e: JetStreamApiError) => e.code);
        await js.publish('w.job', '1');
        const m = await (await js.consumers.get('W', 'worker')).next({ expires: 1000 });
        m?.ack();
        await nc(js).flush();
        return { other, messages: (await jsm.streams.info('W')).state['messages'] };
      })(),
    );
    expect(result).toEqual({ other: 10099, messages: 0 });
  });

  it('purges (all, by subject keeping some), deletes and gets messages', async () => {
    const kit = natsTestKit();
    const { jsm, js } = await jetStreamOf(kit);
    const result = await kit.drive(
      (async () => {
        await jsm.streams.add({ name: 'P', subjects: ['p.>'] });
        for (const [s, d] of [
          ['a', '1'],
          ['b', '2'],
          ['a', '3'],
          ['a', '4'],
        ] as const)
          await js.publish(`p.${s}`, d);
        const last = await jsm.streams.getMessage('P', { last_by_subj: 'p.a' });
        const missing = await jsm.streams.getMessage('P', { seq: 99 });
        await jsm.streams.deleteMessage('P', 2);
        const keep = await jsm.streams.purge('P', { filter: 'p.a', keep: 1 });
        const all = await jsm.streams.purge('P');
        const state = (await jsm.streams.info('P')).state;
        return {
          last: last && [last.seq, last.string()],
          missing,
          keep: keep.purged,
          all: all.purged,
          state,
        };
      })(),
    );
    expect(result).toMatchObject({ last: [4, '4'], missing: null, keep: 2, all: 1 });
    expect(result.state).toMatchObject({ messages: 0, first_seq: 5, last_seq: 4 });
  });

  it('keeps file-storage streams across a restart and loses memory-storage ones entirely', async () => {
    const kit = natsTestKit();
    const { jsm, js } = await jetStreamOf(kit);
    await kit.drive(
      (async () => {
        await jsm.streams.add({ name: 'FILE', subjects: ['f.>'] });
        await jsm.streams.add({ name: 'MEM', subjects: ['m.>'], storage: 'memory' });
        await js.publish('f.x', 'kept');
        await js.publish('m.x', 'lost');
      })(),
    );
    kit.broker.restart();
    await kit.run(kit.scheduler.now() + 3_000);
    const after = await kit.drive(
      (async () => ({
        file: (await jsm.streams.info('FILE')).state['messages'],
        memory: await jsm.streams.info('MEM').catch((e: unknown) => e),
      }))(),
    );
    expect(after.file).toBe(1);
    expect(after.memory).toBeInstanceOf(StreamNotFoundError);
  });
});

/** The connection behind a JetStream client, to flush acks before reading state. */
function nc(js: { nc: { flush(): Promise<void> } }) {
  return js.nc;
}
