import { describe, expect, it } from 'vitest';
import type { GuestMessage, HostMessage } from '../protocol';
import { runGuest } from './run-guest';

/** A guest whose thread sends batches; returns what it sent, batch by batch. */
function batchingGuest() {
  const batches: GuestMessage[][] = [];
  const singles: GuestMessage[] = [];
  let toGuest: (message: HostMessage) => void = () => undefined;
  runGuest({
    post: (message) => singles.push(message),
    postBatch: (messages) => batches.push([...messages]),
    listen: (handler) => (toGuest = handler),
    onUncaught: () => undefined,
    evaluate: () => undefined,
    toBuffer: (bytes) => bytes,
    builtins: {},
    installConsole: false,
    afterMicrotasks: (callback) => setImmediate(callback),
  });
  return { batches, singles, send: (message: unknown) => toGuest(message as HostMessage) };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('runGuest with a batching thread', () => {
  it('sends what one turn made as one batch, its settled last, and nothing one by one', async () => {
    const guest = batchingGuest();
    await turn();
    expect(guest.batches).toEqual([[{ t: 'ready' }]]);
    // Two host messages in one turn (as one host batch arrives): one answer, settled last.
    guest.send({ t: 'fire', id: 1, seq: 1, now: 0 });
    guest.send({ t: 'ping', n: 7 });
    guest.send({ t: 'fire', id: 2, seq: 2, now: 0 });
    await turn();
    await turn();
    expect(guest.batches.slice(1)).toEqual([
      [
        { t: 'pong', n: 7 },
        { t: 'settled', seq: 2 },
      ],
    ]);
    expect(guest.singles).toEqual([]);
  });
});
