import { runGuest } from '../guest';
import type { GuestMessage, HostMessage } from '../protocol';
import type { GuestTransport } from './guest-transport';
import { toHostBuffer } from './host-buffer';
import { nextTask } from '../../broker/core/next-task';

/**
 * A guest in the host's own thread, for tests of the whole RPC path without threads. Messages
 * are structured-cloned and delivered on a later turn, as a MessagePort would. It cannot stop a
 * busy loop and does not lock globals down: tests only.
 */
export function inProcessTransport(): GuestTransport {
  let terminated = false;
  let toHost: (message: GuestMessage) => void = () => undefined;
  let toGuest: (message: HostMessage) => void = () => undefined;
  const deliver = <T>(handler: () => (m: T) => void, message: T): void => {
    const copy = structuredClone(message);
    setTimeout(() => {
      if (!terminated) handler()(copy);
    }, 0);
  };
  runGuest({
    post: (message) => deliver(() => toHost, message),
    listen: (handler) => (toGuest = handler),
    onUncaught: () => undefined,
    evaluate: (source) => (0, eval)(source) as unknown,
    toBuffer: toHostBuffer,
    builtins: {},
    installConsole: false,
    afterMicrotasks: nextTask,
  });
  return {
    post: (message) => deliver(() => toGuest, message),
    onMessage: (handler) => (toHost = handler),
    onExit: () => undefined,
    terminate: () => {
      terminated = true;
    },
  };
}
