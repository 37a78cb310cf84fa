/**
 * The script of one service's Web Worker. It waits for the MessagePort the host sends, then
 * runs the guest on it. The port, not `self.postMessage`, carries the protocol: the reader's
 * code never holds it, so it cannot forge host messages, and `postMessage` is locked away.
 */
import { Buffer } from 'buffer';
import { nextTask } from '../../broker/core/next-task';
import { lockDownGlobals, runGuest } from '../guest';

// Typed by hand: a `webworker` lib reference would leak into the whole (DOM) program.
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  addEventListener(
    type: 'unhandledrejection',
    listener: (event: PromiseRejectionEvent) => void,
  ): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}
const scope = globalThis as unknown as WorkerScope;
(globalThis as unknown as { Buffer: typeof Buffer }).Buffer = Buffer;
// Held here before the lockdown below takes `eval` from everything else in this thread. A call
// through another name is an indirect eval: global scope, no access to this module.
const indirectEval = globalThis.eval;
// Locked now, while the worker waits in the pool, not on the path from Run to the first line.
lockDownGlobals(scope);

scope.addEventListener('message', function connect(event: MessageEvent) {
  const port = event.ports[0];
  if (!port) return;
  scope.removeEventListener('message', connect);
  let handler: (message: never) => void = () => undefined;
  // The host sends batches (web-worker-transport.ts); each message is handled in order.
  port.onmessage = (message: MessageEvent) => {
    const data: unknown = message.data;
    if (Array.isArray(data)) for (const one of data) handler(one as never);
    else handler(data as never);
  };
  runGuest({
    post: (message) => port.postMessage(message),
    postBatch: (messages) => port.postMessage(messages),
    listen: (h) => (handler = h as (message: never) => void),
    onUncaught: (report) => {
      scope.addEventListener('error', (e: ErrorEvent) => {
        e.preventDefault();
        report(e.error ?? new Error(e.message), 'uncaught');
      });
      scope.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
        e.preventDefault();
        report(e.reason, 'rejection');
      });
    },
    // Global scope, and the code's `//# sourceURL` names it in stack traces.
    evaluate: (source) => indirectEval(source) as unknown,
    toBuffer: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    builtins: { buffer: { Buffer }, 'node:buffer': { Buffer } },
    afterMicrotasks: nextTask,
  });
});
