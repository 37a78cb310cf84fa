/**
 * Runs `callback` on the next task of the event loop, after every microtask: `setImmediate` in
 * Node, a MessageChannel message in browsers and workers. Not `setTimeout(…, 0)`: browsers
 * clamp a timer nested five deep to 4 ms, and the run's rounds chain one task after another,
 * so every round of a busy run would cost 4 ms.
 *
 * @example nextTask(() => drain());
 */
export function nextTask(callback: () => void): void {
  if (typeof setImmediate === 'function') {
    setImmediate(callback);
    return;
  }
  queue.push(callback);
  channel ??= openChannel();
  channel.port2.postMessage(0);
}

const queue: Array<() => void> = [];
let channel: MessageChannel | undefined;

function openChannel(): MessageChannel {
  const opened = new MessageChannel();
  opened.port1.onmessage = () => queue.shift()?.();
  return opened;
}
