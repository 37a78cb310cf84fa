import { nextTask } from '../../broker/core/next-task';
import type { GuestTransport } from '../host/guest-transport';
import type { GuestMessage, HostMessage } from '../protocol';

/** At most this many host messages go in one postMessage. */
const maxBatch = 4_096;

/**
 * Wraps a Web Worker running worker-entry.ts as a {@link GuestTransport}: the protocol goes
 * over a dedicated MessageChannel handed over in the first message. Both ways go in batches:
 * what the host sends during one task of its thread (results, deliveries, timers) leaves as one
 * array a task later, and the guest sends what one of its turns made as one array
 * (src/runtime/guest/run-guest.ts), so a round trip is two messages, not one per call.
 */
export function webWorkerTransport(worker: Worker): GuestTransport {
  const channel = new MessageChannel();
  worker.postMessage('connect', [channel.port2]);
  const port = channel.port1;
  let waiting: HostMessage[] = [];
  let flushQueued = false;
  let closed = false;
  const flush = (): void => {
    flushQueued = false;
    if (closed) return;
    const batch = waiting;
    waiting = [];
    for (let at = 0; at < batch.length; at += maxBatch)
      port.postMessage(
        at === 0 && batch.length <= maxBatch ? batch : batch.slice(at, at + maxBatch),
      );
  };
  return {
    post: (message: HostMessage) => {
      waiting.push(message);
      if (flushQueued) return;
      flushQueued = true;
      nextTask(flush);
    },
    onMessage: (handler) => {
      // A guest's batch is unpacked here; each message is still checked on its own by the host.
      port.onmessage = (event: MessageEvent) => {
        const data: unknown = event.data;
        if (Array.isArray(data)) for (const one of data) handler(one as GuestMessage);
        else handler(data as GuestMessage);
      };
    },
    onExit: (handler) => {
      // Only errors outside the guest reach here (the script failed to load, say): the guest
      // catches the reader's own errors and reports them over the port.
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        handler(event.message || 'the worker script failed to load');
      };
    },
    terminate: () => {
      closed = true;
      waiting = [];
      worker.terminate();
      port.close();
    },
  };
}
