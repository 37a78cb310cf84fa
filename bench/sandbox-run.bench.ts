// In one Chromium run against the built site: the JavaScript /play/registration/ loads before
// the reader edits (a Run included), then, in a fresh page, click Run and time the first console
// line, next to a bare Web Worker started and echoing once in the same page (the floor any
// worker-based runtime pays). Cold is the first Run of that page; warm is the median of the rest.
import { chromium, type Page } from 'playwright';
import { existsSync } from 'node:fs';
import { measureJsBeforeEditing, monacoFile } from '../tests/e2e/js-before-editing';
import { chromiumPath, quietChromiumFlags } from '../scripts/chromium.mjs';
import { printWhenMain } from './section.mjs';
import { serveBuiltSite } from './static-site.mjs';

const runs = 11;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Bench section: Run-to-first-line versus a bare worker. */
export async function run() {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npm run build` first');
  const site = await serveBuiltSite(4792);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: quietChromiumFlags,
  });
  try {
    const weighed = await browser.newPage({ baseURL: site.url });
    const js = await measureJsBeforeEditing(weighed, 'play/registration/');
    await weighed.close();

    const page = await browser.newPage();
    await page.goto(`${site.url}play/registration/`);
    await page.waitForLoadState('networkidle');
    // Interleaved, so both series see the same settled page: a bare worker, then a Run.
    const firstLine: number[] = [];
    const bare: number[] = [];
    for (let attempt = 0; attempt < runs; attempt += 1) {
      bare.push(await timeBareWorkerEcho(page));
      await page.waitForTimeout(200);
      firstLine.push(await timeRunToLine(page));
      await page.getByRole('button', { name: 'Stop' }).first().click();
      // Let the worker pool refill (a second after a Run took from it) and the page settle.
      await page.waitForTimeout(2000);
    }
    // Two minutes of back-off on the run's clock, with Skip idle time on (the sandbox's default).
    const backoff = await browser.newPage();
    await backoff.goto(`${site.url}play/retry-backoff/`);
    await backoff.waitForLoadState('networkidle');
    const skipped: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      skipped.push(await timeRunToLine(backoff, 'charged order o-2001'));
    }
    await backoff.close();
    const warm = median(firstLine.slice(1));
    const floor = median(bare);
    const monacoBytes = js.requested.filter((url) => monacoFile.test(url)).length;
    return [
      {
        name: 'JS /play/registration/ loads before editing (Run included), gzipped',
        value: (js.totalBytes / 1024).toFixed(1),
        unit: 'KB',
        target: '≤ 150 KB',
      },
      {
        name: '  of which Monaco files requested',
        value: String(monacoBytes),
        unit: 'files',
        target: '0',
      },
      {
        name: 'click Run → first console line, first Run of the page',
        value: (firstLine[0] ?? NaN).toFixed(1),
        unit: 'ms',
        target: '',
      },
      {
        name: `click Run → first console line, warm (median of ${runs - 1})`,
        value: warm.toFixed(1),
        unit: 'ms',
        target: '',
      },
      {
        name: `bare Web Worker start + echo (median of ${runs})`,
        value: floor.toFixed(1),
        unit: 'ms',
        target: '',
      },
      {
        name: 'retry-backoff: Run → paid after 2 min of run time, skip idle (median of 3)',
        value: median(skipped).toFixed(0),
        unit: 'ms',
        target: '< 2000',
      },
      {
        name: 'warm Run-to-first-line ÷ bare worker',
        value: (warm / floor).toFixed(1),
        unit: '×',
        target: '≤ 3×',
      },
    ];
  } finally {
    await browser.close();
    site.stop();
  }
}

await printWhenMain(import.meta.url, 'Sandbox Run latency (Chromium, /play/registration/)', run);

/**
 * Clicks Run and resolves with the milliseconds until the console shows a line containing
 * `text` (any line when `text` is empty).
 */
function timeRunToLine(page: Page, text = ''): Promise<number> {
  return page.evaluate(async (wanted) => {
    const log = document.querySelector('[role="log"][aria-label="Console"]');
    const run = [...document.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Run',
    );
    if (!log || !run) throw new Error('no console or Run button on the page');
    const started = performance.now();
    const seen = new Promise<number>((resolve) => {
      const observer = new MutationObserver(() => {
        if (log.querySelector('.eda-line') && log.textContent?.includes(wanted)) {
          observer.disconnect();
          resolve(performance.now() - started);
        }
      });
      observer.observe(log, { childList: true, subtree: true, characterData: true });
    });
    run.click();
    return seen;
  }, text);
}

/** Starts a one-line blob Web Worker and resolves when its echo of one message is back. */
function timeBareWorkerEcho(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const started = performance.now();
    const url = URL.createObjectURL(
      new Blob(['onmessage = (e) => postMessage(e.data)'], { type: 'text/javascript' }),
    );
    const worker = new Worker(url);
    const echoed = new Promise<number>((resolve) => {
      worker.onmessage = () => resolve(performance.now() - started);
    });
    worker.postMessage('ping');
    const elapsed = await echoed;
    worker.terminate();
    URL.revokeObjectURL(url);
    return elapsed;
  });
}
