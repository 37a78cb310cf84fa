/**
 * The script of the sandbox frame's document (`<iframe sandbox="allow-scripts">`, opaque
 * origin, CSP without network; see frame-document.ts). It starts the run worker from the
 * source the build embeds, hands it the page's `run` port, and tells the page on the `control`
 * port that the frame's process is alive, so the page notices a frame that crashed or ran out
 * of memory (a crashed frame says nothing at all).
 */
import { aliveIntervalMs, connectMessage, type FrameToPage } from './frame-protocol';

declare const __EDA_RUN_WORKER_SOURCE__: string;

const runScript = URL.createObjectURL(
  new Blob([__EDA_RUN_WORKER_SOURCE__], { type: 'text/javascript' }),
);
// Started at once: while this frame waits as the page's spare, its workers get ready.
const runWorker = new Worker(runScript, { name: 'sandbox run' });

window.addEventListener('message', function connect(event: MessageEvent) {
  if (event.source !== window.parent || event.data !== connectMessage) return;
  const [control, run] = event.ports;
  if (!control || !run) return;
  window.removeEventListener('message', connect);
  const say = (message: FrameToPage): void => control.postMessage(message);
  runWorker.onerror = (error: ErrorEvent) => {
    error.preventDefault();
    say({ t: 'failed', message: error.message || 'the run worker failed to load' });
  };
  runWorker.postMessage('connect', [run]);
  say({ t: 'alive' });
  setInterval(() => say({ t: 'alive' }), aliveIntervalMs);
});
