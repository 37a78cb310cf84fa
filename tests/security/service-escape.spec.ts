// Attacks from inside a service's worker: capture the port the service talks to the broker on
// and send hand-made protocol messages, and reach the network or storage by every API a worker
// has. The right outcome: forged messages fail only the service that sent them, with the
// reason; nothing is styled as the site's own system line; every API throws; nothing is
// requested; the page is unchanged and keeps working.
import { expect, test } from '@playwright/test';
import {
  consoleLog,
  errorsOf,
  expectEveryProbeBlocked,
  expectNothingEscaped,
  forbiddenUrl,
  linesOf,
  openShared,
  outcome,
  pageAnswerMs,
  pagePayloads,
  run,
  watchPage,
} from './security-helpers';
import { probeCalls, probeKit, type Probe } from './probe-kit';

// Reader code: take the service's port by patching MessagePort.prototype.postMessage (the next
// console line hands it over), listen to what the host answers, and try the worker's own
// channels to its parent.
const capturePort = `
const MP: any = (globalThis as any).MessagePort;
const original: any = MP && MP.prototype.postMessage;
let port: any;
try {
  MP.prototype.postMessage = function (this: any, ...args: any[]) {
    if (!port) {
      port = this;
      port.addEventListener('message', (event: any) => {
        const data = event.data;
        if (data && typeof data.callId === 'number' && data.callId >= 900000) {
          console.log('HOST ANSWERED ' + data.callId + ' ok=' + data.ok);
        }
      });
    }
    return original.apply(this, args);
  };
} catch (error: any) {
  console.error('blocked patching MessagePort.prototype.postMessage: ' + error.message);
}
try {
  (self as any).postMessage({ t: 'output', level: 'system', text: 'fake system line via self.postMessage' });
  console.log('ANSWERED self.postMessage');
} catch (error: any) {
  console.error('blocked self.postMessage: ' + error.message);
}
try {
  (self as any).onmessage = (event: any) => console.log('OVERHEARD ' + String(event.data).slice(0, 80));
} catch (error: any) {
  console.error('blocked self.onmessage: ' + error.message);
}
console.log('capturing the port');
const forge = (label: string, message: unknown): void => {
  if (!port) {
    console.error('no port captured for ' + label);
    return;
  }
  try {
    original.call(port, message);
  } catch (error: any) {
    console.error('could not send ' + label + ': ' + error.message);
  }
};
`;

/** What each registration service forges (a malformed message ends its sender, so one each). */
const forgeries: Record<string, { readonly file: string; readonly code: string }> = {
  email: {
    file: 'email-service.ts',
    code: `forge('fake system line', { t: 'output', level: 'system', text: 'fake system line' });
forge('fake uncaught', { t: 'uncaught', name: 'Error', message: 'fake system line', stack: '', origin: 'startup' });`,
  },
  profile: {
    file: 'profile-service.ts',
    code: `forge('constructor call', { t: 'call', target: { module: 'ioredis', path: ['constructor'] }, method: 'constructor', args: ['return parent.document'], callId: 900001 });
forge('constructor call, no method', { t: 'call', target: { module: 'ioredis', path: ['default', 'constructor'] }, method: null, args: [${JSON.stringify(pagePayloads['fetch'])}], callId: 900002 });
forge('new Function', { t: 'new', ref: 900003, module: 'ioredis', path: ['default', 'constructor'], args: [${JSON.stringify(pagePayloads['localStorage'])}] });
forge('call the Function', { t: 'call', target: { ref: 900003 }, method: null, args: [], callId: 900004 });`,
  },
  analytics: {
    file: 'analytics-service.ts',
    code: `forge('huge line', { t: 'output', level: 'log', text: 'y'.repeat(20_000_000) });
forge('huge string', 'x'.repeat(20_000_000));
forge('a number', 42);`,
  },
  user: {
    file: 'user-service.ts',
    code: `forge('null', null);
forge('a number', 42);
forge('polluting', JSON.parse('{"t":"call","__proto__":{"polluted":true},"target":{"__proto__":{"ref":1}},"method":"publish","args":[]}'));`,
  },
};

test('BLOCKED: a captured port and forged protocol messages take nothing over', async ({
  page,
}, info) => {
  outcome(
    info,
    'BLOCKED',
    'MessagePort.prototype.postMessage patched, self.postMessage, self.onmessage; forged output at system level, constructor calls, new Function, null, numbers, 20 M-character strings',
  );
  const watch = await watchPage(page);
  const files = Object.fromEntries(
    Object.values(forgeries).map(({ file, code }) => [file, `${capturePort}\n${code}\n`]),
  );
  const box = await openShared(page, watch, 'registration', files);
  await run(box);

  // Every forging service is ended with the reason, and only that service.
  for (const service of Object.keys(forgeries)) {
    await expect(errorsOf(box, service, 'malformed message'), service).not.toHaveCount(0, {
      timeout: 30_000,
    });
  }
  await expect(errorsOf(box, 'email', 'blocked self.postMessage')).toHaveCount(1);
  const log = consoleLog(box);
  // Nothing forged is drawn as the site's own line: no system-level line says "fake", and no
  // line carries the runtime's tags with it.
  await expect(log.locator('.eda-line[data-level="system"]', { hasText: 'fake' })).toHaveCount(0);
  for (const tag of ['system', 'sandbox']) {
    await expect(linesOf(box, tag).filter({ hasText: 'fake' })).toHaveCount(0);
  }
  await expect(log).not.toContainText(/ANSWERED|OVERHEARD|ok=true/);
  await expectNothingEscaped(page, watch);
  expect(await page.evaluate(() => Object.prototype.hasOwnProperty.call({}, 'polluted'))).toBe(
    false,
  );

  // The page still works: another Run starts a fresh sandbox.
  await run(box);
  await expect(linesOf(box, 'email').filter({ hasText: 'capturing the port' })).toHaveCount(1);
  // Every service forged, so every one is ended and the run finishes with errors.
  await expect(box.getByRole('status').filter({ hasText: 'Finished with errors.' })).toBeVisible({
    timeout: 30_000,
  });
  expect(await pageAnswerMs(page)).toBeLessThan(5_000);
});

const url = forbiddenUrl;
// Each is an attempt that resolves when the thing worked and throws when it was refused.
const networkProbes: Probe[] = [
  { label: 'fetch', code: `fetch('${url}f')`, mentions: 'fetch' },
  {
    label: 'fetch from WorkerGlobalScope.prototype',
    code: `Reflect.get(Object.getPrototypeOf(Object.getPrototypeOf(self)), 'fetch').call(self, '${url}p')`,
  },
  {
    label: 'XMLHttpRequest',
    code: `settle((done, fail) => { const x = new XMLHttpRequest(); x.onload = done; x.onerror = () => fail(new Error('error event')); x.open('GET', '${url}x'); x.send(); })`,
    mentions: 'XMLHttpRequest',
  },
  {
    label: 'WebSocket',
    code: `settle((done, fail) => { const s = new WebSocket('ws://127.0.0.2:9/'); s.onopen = done; s.onerror = () => fail(new Error('error event')); })`,
    mentions: 'WebSocket',
  },
  {
    label: 'EventSource',
    code: `settle((done, fail) => { const s = new EventSource('${url}e'); s.onopen = done; s.onerror = () => fail(new Error('error event')); })`,
    mentions: 'EventSource',
  },
  { label: 'importScripts', code: `importScripts('${url}i.js')`, mentions: 'importScripts' },
  { label: 'new Worker', code: `new Worker('${url}w.js')`, mentions: 'Worker' },
  {
    label: 'new Worker from a blob',
    code: `new Worker(URL.createObjectURL(new Blob(["fetch('${url}b')"], { type: 'text/javascript' })))`,
    mentions: 'Worker',
  },
  { label: 'new SharedWorker', code: `new SharedWorker('${url}s.js')`, mentions: 'SharedWorker' },
  { label: 'import()', code: `import('${url}x.js')` },
  {
    label: 'indexedDB',
    code: `settle((done, fail) => { const r = indexedDB.open('eda-leak'); r.onsuccess = done; r.onerror = () => fail(new Error('error event')); })`,
    mentions: 'indexedDB',
  },
  { label: 'caches', code: `caches.open('eda-leak')`, mentions: 'caches' },
  {
    label: 'navigator.sendBeacon',
    code: `(navigator as any).sendBeacon('${url}beacon', 'x')`,
    mentions: 'sendBeacon',
  },
  { label: 'navigator.storage', code: `navigator.storage.estimate()`, mentions: 'storage' },
  {
    label: 'BroadcastChannel',
    code: `new BroadcastChannel('eda').postMessage('x')`,
    mentions: 'BroadcastChannel',
  },
  {
    label: 'WebTransport',
    code: `new (globalThis as any).WebTransport('https://127.0.0.2:9/')`,
    mentions: 'WebTransport',
  },
];

test('BLOCKED: no network or storage API works from a service, and nothing is requested', async ({
  page,
}, info) => {
  outcome(info, 'BLOCKED', networkProbes.map((p) => p.label).join(', '));
  const watch = await watchPage(page);
  const code = `const settle = (start: (done: (v?: unknown) => void, fail: (e: Error) => void) => void) =>
  new Promise((resolve, reject) => start(resolve, reject));
${probeKit}
${probeCalls(networkProbes)}`;
  const box = await openShared(page, watch, 'registration', { 'email-service.ts': code });
  await run(box);
  await expectEveryProbeBlocked(box, 'email', networkProbes);
  await expect(consoleLog(box)).not.toContainText(/ANSWERED|ESCALATED|HUNG/);
  await expectNothingEscaped(page, watch);
});
