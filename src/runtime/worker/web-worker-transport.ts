import type { GuestTransport } from '../host/guest-transport';
import type { GuestMessage, HostMessage } from '../protocol';

/**
 * Wraps a Web Worker running worker-entry.ts as a {@link GuestTransport}: the protocol goes
 * over a dedicated MessageChannel handed over in the first message.
 */
export function webWorkerTransport(worker: Worker): GuestTransport {
  const channel = new MessageChannel();
  worker.postMessage('connect', [channel.port2]);
  const port = channel.port1;
  return {
    post: (message: HostMessage) => port.postMessage(message),
    onMessage: (handler) => {
      port.onmessage = (event: MessageEvent) => handler(event.data as GuestMessage);
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
      worker.terminate();
      port.close();
    },
  };
}
