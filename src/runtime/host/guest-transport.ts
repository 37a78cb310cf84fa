import type { GuestMessage, HostMessage } from '../protocol';

/**
 * The host's handle on one service's thread: a Web Worker, a worker_thread, or (in tests) a
 * guest in the same thread. Messages keep their order, as MessagePorts guarantee.
 */
export interface GuestTransport {
  post(message: HostMessage): void;
  onMessage(handler: (message: GuestMessage) => void): void;
  /**
   * Called if the thread ends on its own: `process.exit(code)` (code 0 is a normal end), or an
   * error outside the guest (the script failed to load, out of memory…) with no code.
   */
  onExit(handler: (reason: string, code?: number) => void): void;
  /** Ends the thread at once, whatever it is doing. */
  terminate(): void;
}
