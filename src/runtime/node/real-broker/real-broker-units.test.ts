import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renameApiBody, renameApiSubject, unrenameReplyText } from './jetstream-api-names';
import { brokerAddress } from './real-brokers';
import { hostAndPort } from './reach-broker';
import { createRunNames } from './run-names';
import { createStartSchedule } from './start-schedule';

describe('run names', () => {
  it('put the tag in front on the way to the server and take it off on the way back', () => {
    const names = createRunNames('edp-abc123');
    expect(names.toServer('orders', '.')).toBe('edp-abc123.orders');
    expect(names.toReader('edp-abc123.orders', '.')).toBe('orders');
    // Another run's name, or a server-made one, passes unchanged.
    expect(names.toReader('edp-ffffff.orders', '.')).toBe('edp-ffffff.orders');
    expect(names.toReader('amq.gen-xyz', '.')).toBe('amq.gen-xyz');
    expect(createRunNames().tag).toMatch(/^edp-[0-9a-f]{6}$/);
  });
});

describe('JetStream API names', () => {
  const rename = {
    stream: (name: string) => `edp-abc123_${name}`,
    subject: (subject: string) => `edp-abc123.${subject}`,
  };
  it('rename the stream token of API subjects, and filter subjects as subjects', () => {
    expect(renameApiSubject('$JS.API.STREAM.CREATE.ORDERS', rename)).toBe(
      '$JS.API.STREAM.CREATE.edp-abc123_ORDERS',
    );
    expect(renameApiSubject('$JS.API.STREAM.MSG.GET.ORDERS', rename)).toBe(
      '$JS.API.STREAM.MSG.GET.edp-abc123_ORDERS',
    );
    expect(renameApiSubject('$JS.API.CONSUMER.MSG.NEXT.ORDERS.fulfil', rename)).toBe(
      '$JS.API.CONSUMER.MSG.NEXT.edp-abc123_ORDERS.fulfil',
    );
    expect(renameApiSubject('$JS.API.CONSUMER.CREATE.ORDERS.c1.orders.placed', rename)).toBe(
      '$JS.API.CONSUMER.CREATE.edp-abc123_ORDERS.c1.edp-abc123.orders.placed',
    );
    expect(renameApiSubject('$JS.API.DIRECT.GET.ORDERS.orders.placed', rename)).toBe(
      '$JS.API.DIRECT.GET.edp-abc123_ORDERS.edp-abc123.orders.placed',
    );
    expect(renameApiSubject('$JS.API.STREAM.NAMES', rename)).toBe('$JS.API.STREAM.NAMES');
    expect(renameApiSubject('$JS.API.INFO', rename)).toBe('$JS.API.INFO');
  });
  it('rename stream configs and consumer filters in bodies, and take the tag out of replies', () => {
    expect(renameApiBody({ name: 'ORDERS', subjects: ['orders.>'] }, rename, true)).toEqual({
      name: 'edp-abc123_ORDERS',
      subjects: ['edp-abc123.orders.>'],
    });
    expect(
      renameApiBody(
        { stream_name: 'ORDERS', config: { name: 'c1', filter_subject: 'orders.placed' } },
        rename,
        false,
      ),
    ).toEqual({
      stream_name: 'edp-abc123_ORDERS',
      config: { name: 'c1', filter_subject: 'edp-abc123.orders.placed' },
    });
    expect(
      unrenameReplyText(
        '{"stream":"edp-abc123_ORDERS","config":{"subjects":["edp-abc123.orders.>"]},"other":"edp-ffffff_X"}',
        'edp-abc123',
      ),
    ).toBe('{"stream":"ORDERS","config":{"subjects":["orders.>"]},"other":"edp-ffffff_X"}');
  });
});

describe('broker addresses', () => {
  it('come from the flag, else the environment variable, else loopback', () => {
    expect(
      brokerAddress('redis', { '--redis-url': 'redis://a:1' }, { REDIS_URL: 'redis://b:2' }),
    ).toBe('redis://a:1');
    expect(brokerAddress('redis', {}, { REDIS_URL: 'redis://b:2' })).toBe('redis://b:2');
    expect(brokerAddress('amqp', {}, {})).toBe('amqp://guest:guest@127.0.0.1:5672');
    expect(hostAndPort('amqp://guest:guest@rabbit.local', 5672)).toEqual({
      host: 'rabbit.local',
      port: 5672,
    });
    expect(hostAndPort('k1:9093,k2:9093', 9092)).toEqual({ host: 'k1', port: 9093 });
  });
});

describe('start schedule', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const services = [{ name: 'email' }, { name: 'profile' }, { name: 'user', startDelayMs: 500 }];

  it('counts a later service’s delay from when the earlier ones are up', () => {
    const started: string[] = [];
    const schedule = createStartSchedule(services, (name) => started.push(name));
    vi.advanceTimersByTime(0);
    expect(started).toEqual(['email', 'profile']);
    vi.advanceTimersByTime(3000); // slow threads: still connecting
    schedule.up('email');
    vi.advanceTimersByTime(3000);
    expect(started).toEqual(['email', 'profile']);
    schedule.up('profile');
    vi.advanceTimersByTime(499);
    expect(started).toEqual(['email', 'profile']);
    vi.advanceTimersByTime(1);
    expect(started).toEqual(['email', 'profile', 'user']);
  });

  it('starts the next group anyway when one never comes up, and nothing after cancel', () => {
    const started: string[] = [];
    createStartSchedule(services, (name) => started.push(name), 10_000);
    vi.advanceTimersByTime(10_000 + 500);
    expect(started).toEqual(['email', 'profile', 'user']);
    const none: string[] = [];
    createStartSchedule(services, (name) => none.push(name)).cancel();
    vi.advanceTimersByTime(60_000);
    expect(none).toEqual([]);
  });
});
