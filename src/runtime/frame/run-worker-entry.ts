/**
 * The script of a sandbox frame's run worker: the broker, the host half of every service's
 * RPC, and the relay to the page all live here, off the page's main thread and inside the
 * frame's opaque origin. Each service runs in a nested Web Worker made from the service
 * script the build embeds (`__EDA_SERVICE_WORKER_SOURCE__`): an opaque origin cannot load
 * workers from the site's URLs, and a blob made here inherits the frame's CSP (no network).
 * One frame runs one run; the page removes the frame afterwards.
 */
import type { OutputLine, RunSession } from '../contract';
import { playbackScheduler, simulatedBroker } from '../host/broker-adapter';
import { prepareRun, startRun } from '../host/start-run';
import { webWorkerTransport } from '../worker/web-worker-transport';
import { createWorkerPool } from '../worker/worker-pool';
import type { PageToRun, RunToPage } from './frame-protocol';
import { createRelay } from './relay-budget';

declare const __EDA_SERVICE_WORKER_SOURCE__: string;

// Typed by hand: a `webworker` lib reference would leak into the whole (DOM) program.
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

const serviceScript = URL.createObjectURL(
  new Blob([__EDA_SERVICE_WORKER_SOURCE__], { type: 'text/javascript' }),
);
// Started now, while the frame waits as the page's spare: a Run takes ready workers.
const pool = createWorkerPool(() => new Worker(serviceScript, { name: 'sandbox service' }), 5, {
  refill: false,
});

scope.addEventListener('message', function connect(event: MessageEvent) {
  const port = event.ports[0];
  if (!port) return;
  scope.removeEventListener('message', connect);
  const post = (message: RunToPage): void => port.postMessage(message);
  const relay = createRelay({ post, now: () => performance.now() });
  let session: RunSession | undefined;

  port.onmessage = (message: MessageEvent) => {
    const command = message.data as PageToRun;
    if (command.t === 'prepare') {
      prepareRun(command.source);
    } else if (command.t === 'start') {
      if (session) return;
      session = startRun(command.source, command.options, {
        spawn: () => webWorkerTransport(pool.take()),
        createBroker: simulatedBroker,
        createScheduler: playbackScheduler,
      });
      session.output$.subscribe((line: OutputLine) => relay.output(line));
      session.trace$.subscribe((event) => relay.trace(event));
      void session.finished.then((result) => {
        relay.flush();
        post({ t: 'finished', result });
        pool.drain();
      });
    } else if (session) {
      control(session, command);
    }
  };
});

function control(session: RunSession, command: Extract<PageToRun, { t: 'control' }>): void {
  const { controls } = session;
  switch (command.action) {
    case 'pause':
      return controls.pause();
    case 'resume':
      return controls.resume();
    case 'step':
      return controls.step();
    case 'restartBroker':
      return controls.restartBroker();
    case 'setSpeed':
      return controls.setSpeed(command.speed);
    case 'setSkipIdle':
      return controls.setSkipIdle(command.on);
    case 'setFaults':
      return controls.setFaults(command.faults);
    case 'crashService':
      return controls.crashService(command.service);
    case 'restartService':
      return controls.restartService(command.service);
  }
}
