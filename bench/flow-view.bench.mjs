// The event-flow view under load: a page pushes 1,000 synthetic trace events per second through
// `<eda-flow-panel>` for 10 s in Chromium; we read the main thread's longest task
// (PerformanceObserver 'longtask'), frames painted and dropped (rAF counting), and the view's own
// JavaScript size gzipped (the built chunk in dist/, else an esbuild bundle of the module).
import { chromiumPath, quietChromiumFlags } from '../scripts/chromium.mjs';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
// FLOW_EVENTS_PER_SECOND=10000 runs it at ten times the rate (the target of the sandbox-throughput work).
const eventsPerSecond = Number(process.env.FLOW_EVENTS_PER_SECOND ?? 1000);
const seconds = 10;

async function bundleView() {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [join(root, 'src/sandbox/flow/index.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'EdaFlow',
    write: false,
    target: 'es2022',
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

/** The built chunk(s) holding the flow view, found by a string only the view contains. */
function builtViewBytes() {
  const dir = join(root, 'dist', '_astro');
  if (!existsSync(dir)) return undefined;
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) files.push(path);
    }
  };
  walk(dir);
  const chunks = files.filter((f) => readFileSync(f, 'utf8').includes('eda-playground:faults:'));
  if (chunks.length === 0) return undefined;
  return chunks.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0);
}

function page(bundle, props, withPanel = true) {
  return `<!doctype html><html lang="en" data-theme="dark"><head><meta charset="utf-8">
<title>flow-view bench</title><style>${props}
body { margin: 16px; background: var(--sl-color-bg); color: var(--sl-color-text); font-family: var(--sl-font-system); }
</style></head><body>${withPanel ? '<eda-flow-panel sandbox="bench"></eda-flow-panel>' : ''}<script>${bundle}</script></body></html>`;
}

async function measure(browser, html) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 1000 },
    reducedMotion: process.env.FLOW_RM ? 'reduce' : 'no-preference',
  });
  const p = await context.newPage();
  await p.route('http://flow-bench.test/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: html }),
  );
  await p.goto('http://flow-bench.test/');
  const result = await p.evaluate(
    ({ perSecond, seconds }) =>
      new Promise((done) => {
        let longest = 0;
        let longTasks = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            longest = Math.max(longest, entry.duration);
            if (globalThis.__flowDebug)
              globalThis.__flowDebug.push([
                Math.round(entry.startTime - start),
                Math.round(entry.duration),
              ]);
            longTasks++;
          }
        }).observe({ type: 'longtask', buffered: false });
        const observers = new Set();
        const next = EdaFlow.createSyntheticTrace({ seed: 11, trouble: 0.05 });
        const panel = document.querySelector('eda-flow-panel');
        // The baseline page has no panel: same pump and frame counting, nothing to draw.
        if (panel)
          panel.session = {
            trace$: {
              subscribe(o) {
                observers.add(o);
                return {
                  unsubscribe() {
                    observers.delete(o);
                  },
                };
              },
            },
            output$: {
              subscribe() {
                return { unsubscribe() {} };
              },
            },
            controls: {
              seed: 1,
              pause() {},
              resume() {},
              step() {},
              setSpeed() {},
              setFaults() {},
              crashService() {},
              restartService() {},
              restartBroker() {},
            },
            stop() {},
            finished: new Promise(() => {}),
          };
        const start = performance.now();
        let sent = 0;
        // Like the runtime: events arrive from a MessagePort/timer, a few at a time, not per frame.
        const pump = setInterval(() => {
          const due = Math.min(
            perSecond * seconds,
            Math.floor(((performance.now() - start) / 1000) * perSecond),
          );
          while (sent < due) {
            sent++;
            const event = next(sent * (1000 / perSecond));
            observers.forEach((o) => o.next(event));
          }
        }, 4);
        let frames = 0;
        let dropped = 0;
        let last = 0;
        const frame = (now) => {
          if (last) {
            const gap = now - last;
            frames++;
            dropped += Math.max(0, Math.round(gap / (1000 / 60)) - 1);
          }
          last = now;
          if (now - start < seconds * 1000) requestAnimationFrame(frame);
          else {
            clearInterval(pump);
            const elapsed = (now - start) / 1000;
            const root = panel?.shadowRoot;
            const dots = root?.querySelectorAll('.mover').length ?? 0;
            setTimeout(() => {
              const rows =
                Number(root?.querySelector('[role="grid"]')?.getAttribute('aria-rowcount') ?? 1) -
                1;
              done({
                longest,
                longTasks,
                frames,
                dropped,
                fps: frames / elapsed,
                sent,
                rows,
                dots,
              });
            }, 300);
          }
        };
        requestAnimationFrame(frame);
      }),
    { perSecond: eventsPerSecond, seconds },
  );
  await context.close();
  return result;
}

/** Bench section: the flow view at 1,000 trace events/s. */
export async function run() {
  const { chromium } = await import('playwright');
  const bundle = await bundleView();
  const props = readFileSync(
    join(root, 'node_modules/@astrojs/starlight/dist/style/props.css'),
    'utf8',
  );
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: quietChromiumFlags,
  });
  let r;
  let base;
  try {
    base = await measure(browser, page(bundle, props, false));
    r = await measure(browser, page(bundle, props));
  } finally {
    await browser.close();
  }
  const built = builtViewBytes();
  const size = built ?? gzipSync(Buffer.from(bundle)).length;
  return [
    {
      name: `flow view, ${eventsPerSecond} events/s for ${seconds} s: longest task over 50 ms (0 = none)`,
      value: Math.round(r.longest),
      unit: 'ms',
      target: '≤ 50',
    },
    {
      name: '  long tasks (> 50 ms) during the run',
      value: r.longTasks,
      unit: 'tasks',
      target: '0',
    },
    { name: '  frames per second (rAF)', value: r.fps.toFixed(1), unit: 'fps', target: '≥ 55' },
    { name: '  frames dropped', value: r.dropped, unit: 'frames', target: '' },
    {
      name: '  baseline, same page without the panel: longest task / fps',
      value: `${Math.round(base.longest)} / ${base.fps.toFixed(1)}`,
      unit: 'ms / fps',
      target: '',
    },
    {
      name: '  events shown in the log / sent',
      value: `${r.rows} / ${r.sent}`,
      unit: 'events',
      target: 'equal',
    },
    {
      name: '  animated dots in the DOM at the end (cap 200)',
      value: r.dots,
      unit: 'nodes',
      target: '≤ 200',
    },
    {
      name:
        built !== undefined
          ? 'flow view JS, built chunk in dist/'
          : 'flow view JS (esbuild bundle; dist/ not built)',
      value: (size / 1024).toFixed(1),
      unit: 'KB gz',
      target: '',
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printTable } = await import('./table.mjs');
  const rows = await run();
  printTable(
    'flow view',
    ['measure', 'value', 'unit', 'target'],
    rows.map((r) => [r.name, r.value, r.unit, r.target]),
  );
}
