import { Worker } from 'node:worker_threads';
import type { GuestTransport } from '../host/guest-transport';
import type { GuestMessage } from '../protocol';

/** Starts `threadEntry` (the bundled thread-entry.ts) in a worker_thread as a {@link GuestTransport}. */
export function workerThreadTransport(threadEntry: string | URL): GuestTransport {
  // An empty environment: the user's variables (tokens, cloud credentials) are none of a
  // stranger's sandbox code's business, and the permission model does not hide them.
  const worker = new Worker(threadEntry, { env: {} });
  let terminated = false;
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (handler) => worker.on('message', (message: GuestMessage) => handler(message)),
    onExit: (handler) => {
      worker.on('error', (error) => handler(error.message));
      worker.on('exit', (code) => {
        if (!terminated) handler(`its thread exited with code ${code}`, code);
      });
    },
    terminate: () => {
      terminated = true;
      void worker.terminate();
    },
  };
}
