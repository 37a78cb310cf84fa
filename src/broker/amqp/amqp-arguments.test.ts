import { describe, expect, it } from 'vitest';
import { startVirtualBroker } from '../core/virtual-run';
import { toBuffer } from '../core/bytes';

async function setup() {
  const vb = startVirtualBroker();
  const connection = await vb.broker.amqp.connect();
  const channel = await connection.createChannel();
  const errors: Error[] = [];
  channel.on('error', (e: Error) => errors.push(e));
  return { ...vb, connection, channel, errors };
}

const outOfRange = (received: string) => ({
  name: 'RangeError',
  code: 'ERR_OUT_OF_RANGE',
  message: `The value of "value" is out of range. It must be >= 0 and <= 65535. Received ${received}`,
});

describe('amqplib arguments the client or RabbitMQ refuse', () => {
  it('prefetch refuses counts a 16-bit field cannot carry, as amqplib does', async () => {
    const { connection } = await setup();
    for (const [count, received] of [
      [-1, '-1'],
      [Infinity, 'Infinity'],
      [65536, '65536'],
      [-0.5, '-0.5'],
      [2 ** 40, '1_099_511_627_776'],
    ] as const) {
      const channel = await connection.createChannel();
      await expect(channel.prefetch(count)).rejects.toMatchObject(outOfRange(received));
    }
    const channel = await connection.createChannel();
    await expect(channel.prefetch('3' as unknown as number)).rejects.toThrow(
      new TypeError("Field 'prefetchCount' is the wrong type; must be a number (but not NaN)"),
    );
  });

  it('prefetch takes NaN and null as 0 (unlimited) and cuts fractions, as amqplib does', async () => {
    const { connection, run } = await setup();
    for (const count of [Number.NaN, null, 65535, 1.5]) {
      const channel = await connection.createChannel();
      await expect(channel.prefetch(count as number)).resolves.toEqual({});
    }
    // prefetch(1.5) behaves as prefetch(1): one unacked delivery at a time.
    const channel = await connection.createChannel();
    await channel.prefetch(1.5);
    const { queue } = await channel.assertQueue('', { exclusive: true });
    for (const body of ['a', 'b']) channel.sendToQueue(queue, toBuffer(body));
    const got: string[] = [];
    await channel.consume(queue, (m) => m && got.push(m.content.toString()));
    await run();
    expect(got).toEqual(['a']);
  });

  it('a negative maxLength is refused with 406 instead of breaking every publish', async () => {
    const { channel, errors } = await setup();
    await expect(channel.assertQueue('jobs', { maxLength: -1 })).rejects.toThrow(
      `Operation failed: QueueDeclare; 406 (PRECONDITION-FAILED) with message "PRECONDITION_FAILED - invalid arg 'x-max-length' for queue 'jobs' in vhost '/': {value_negative,-1}"`,
    );
    expect(errors.map((e) => e.message)).toEqual([
      `Channel closed by server: 406 (PRECONDITION-FAILED) with message "PRECONDITION_FAILED - invalid arg 'x-max-length' for queue 'jobs' in vhost '/': {value_negative,-1}"`,
    ]);
  });

  it('refuses other queue arguments RabbitMQ refuses, worded as RabbitMQ words them', async () => {
    const { connection } = await setup();
    const cases: [object, string][] = [
      [
        { maxLength: 1.5 },
        `'x-max-length' for queue 'q' in vhost '/': "expected integer, got double"`,
      ],
      [
        { maxLength: 'ten' },
        `'x-max-length' for queue 'q' in vhost '/': "expected integer, got longstr"`,
      ],
      [
        { maxLength: null },
        `'x-max-length' for queue 'q' in vhost '/': "expected integer, got void"`,
      ],
      [{ messageTtl: -1 }, `'x-message-ttl' for queue 'q' in vhost '/': {value_negative,-1}`],
      [{ expires: 0 }, `'x-expires' for queue 'q' in vhost '/': {value_zero,0}`],
      [
        { maxPriority: 256 },
        `'x-max-priority' for queue 'q' in vhost '/': {max_value_exceeded,256}`,
      ],
      [{ overflow: 'bogus' }, `'x-overflow' for queue 'q' in vhost '/': invalid_overflow`],
      [
        { arguments: { 'x-max-length-bytes': -1 } },
        `'x-max-length-bytes' for queue 'q' in vhost '/': {value_negative,-1}`,
      ],
    ];
    for (const [options, detail] of cases) {
      const channel = await connection.createChannel();
      channel.on('error', () => {});
      await expect(channel.assertQueue('q', options), JSON.stringify(options)).rejects.toThrow(
        `PRECONDITION_FAILED - invalid arg ${detail}`,
      );
    }
    const channel = await connection.createChannel();
    await expect(channel.assertQueue('q', { maxLength: 0, expires: 1 })).resolves.toMatchObject({
      queue: 'q',
    });
  });
});
