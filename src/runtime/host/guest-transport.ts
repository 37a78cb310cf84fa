import type { GuestMessage, HostMessage } from '../protocol';

/**
 * The host's handle on one service's thread: a Web Worker, a worker_thread, or (in tests) a
 * guest in the same thread. Messages keep their order, as MessagePorts guarantee.
 */
export interface GuestTransport {
  post(message: HostMessage): void;
  onMessage(handler: (message: GuestMessage) => void): void;
  /** Called if the thread dies on its own (an error outside the guest, out of memory…). */
  onExit(handler: (reason: string) => void): void;
  /** Ends the thread at once, whatever it is doing. */
  terminate(): void;
}
