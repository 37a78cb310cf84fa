import { describe, expect, it } from 'vitest';
import { NoRespondersError, RequestError, TimeoutError } from './nats-errors';
import { natsTestKit } from './test-kit';

describe('NATS request/reply', () => {
  it('answers a request through the inbox the client subscribed for it', async () => {
    const kit = natsTestKit();
    const client = await kit.connect('web');
    const service = await kit.connect('time');
    service.subscribe('time.now', { callback: (_e, m) => void m.respond(`at ${m.string()}`) });
    const answer = await kit.drive(client.request('time.now', 'noon', { timeout: 500 }));
    expect(answer.string()).toBe('at noon');
    expect(answer.subject).toMatch(/^_INBOX\.[0-9A-Za-z]{22}\.[0-9A-Za-z]{8}$/);
    const published = kit.natsEvents('published').map((e) => [e.from, e.to]);
    expect(published[0]).toEqual(['web', 'subject:time.now']);
    expect(published[1]?.[0]).toBe('time');
  });

  it('fails a request nobody subscribes to with the 503 "no responders" RequestError', async () => {
    const kit = natsTestKit();
    const client = await kit.connect('web');
    const error = await kit
      .drive(client.request('nobody', 'x', { timeout: 500 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).message).toBe("no responders: 'nobody'");
    expect((error as RequestError).cause).toBeInstanceOf(NoRespondersError);
    expect((error as RequestError).isNoResponders()).toBe(true);
    expect(kit.natsEvents('dropped')[0]?.reason).toBe('no-interest');
    expect(kit.natsEvents('returned')[0]).toMatchObject({ to: 'web', reason: 'no-responders' });
  });

  it('times out a request after its timeout in virtual time when nobody answers', async () => {
    const kit = natsTestKit();
    const client = await kit.connect();
    client.subscribe('slow', { callback: () => undefined });
    const started = kit.scheduler.now();
    const error = await kit
      .drive(client.request('slow', 'x', { timeout: 2500 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe('timeout');
    expect(kit.scheduler.now() - started).toBeGreaterThanOrEqual(2500);
  });

  it('serves noMux requests on an inbox of their own, answered once', async () => {
    const kit = natsTestKit();
    const client = await kit.connect();
    client.subscribe('q', { callback: (_e, m) => void m.respond('a') });
    client.subscribe('q', { callback: (_e, m) => void m.respond('b') });
    const answer = await kit.drive(client.request('q', '', { timeout: 500, noMux: true }));
    expect(['a', 'b']).toContain(answer.string());
  });

  it('rejects waiting requests with "connection closed" when the connection closes', async () => {
    const kit = natsTestKit();
    const client = await kit.connect();
    client.subscribe('never', { callback: () => undefined });
    const pending = client.request('never', '', { timeout: 5000 }).catch((e: unknown) => e);
    await kit.run(0);
    await client.close();
    const error = await pending;
    expect(error).toBeInstanceOf(RequestError);
    expect((error as Error).message).toBe('connection closed');
  });

  it('answers JetStream API requests made with nc.request, as JSON', async () => {
    const kit = natsTestKit();
    const client = await kit.connect();
    const answer = await kit.drive(
      client.request('$JS.API.STREAM.INFO.NOPE', '', { timeout: 500 }),
    );
    expect(answer.json()).toEqual({
      type: 'io.nats.jetstream.api.v1.stream_info_response',
      error: { code: 404, err_code: 10059, description: 'stream not found' },
    });
  });
});
