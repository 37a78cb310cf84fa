// In Chromium against the built site: for each flood of tests/security/flood-code.ts (a million
// unawaited publish / sendToQueue / producer.send), how long the page takes to answer while the
// flood is in full swing (page.evaluate round trips, and a zero-delay timer's lag inside the
// page), and how long Stop takes to end the run (click → "Stopped.", timed inside the page).
// The same page idle is the baseline. Numbers only; the security suite checks liveness.
import { chromium, type Page } from 'playwright';
import { existsSync } from 'node:fs';
import { chromiumPath, quietChromiumFlags } from '../scripts/chromium.mjs';
import { encodeSharedCode } from '../src/sandbox/share-code';
import { floodNote, floods } from '../tests/security/flood-code';
import { printWhenMain } from './section.mjs';
import { serveBuiltSite } from './static-site.mjs';

const samples = 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Round trips and in-page timer lag, `samples` of each. */
async function answers(page: Page): Promise<{ roundTrip: number[]; timerLag: number[] }> {
  const roundTrip: number[] = [];
  const timerLag: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    await page.evaluate(() => 1);
    roundTrip.push(performance.now() - started);
    timerLag.push(
      await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const at = performance.now();
            setTimeout(() => resolve(performance.now() - at), 0);
          }),
      ),
    );
  }
  return { roundTrip, timerLag };
}

/** Clicks Stop inside the page; resolves with the ms until the status says "Stopped.". */
function timeStop(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const box = document.querySelector('eda-sandbox');
    const status = box?.querySelector('[data-part="status"]');
    const stop = box?.querySelector<HTMLButtonElement>('button[data-action="stop"]');
    if (!status || !stop) throw new Error('no status or Stop button');
    const started = performance.now();
    const stopped = new Promise<number>((resolve) => {
      const observer = new MutationObserver(() => {
        if (status.textContent === 'Stopped.') {
          observer.disconnect();
          resolve(performance.now() - started);
        }
      });
      observer.observe(status, { childList: true, characterData: true, subtree: true });
    });
    stop.click();
    return stopped;
  });
}

/** Bench section: page answers and Stop under each flood. */
export async function run() {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npm run build` first');
  const site = await serveBuiltSite(4793);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: quietChromiumFlags });
  const rows: { name: string; value: string; unit: string; target?: string }[] = [];
  const add = (name: string, values: number[]): void => {
    rows.push({ name: `${name}, median`, value: median(values).toFixed(1), unit: 'ms' });
    rows.push({ name: `${name}, worst`, value: Math.max(...values).toFixed(1), unit: 'ms' });
  };
  try {
    const idle = await browser.newPage();
    await idle.goto(`${site.url}play/registration/`);
    await idle.waitForLoadState('networkidle');
    const baseline = await answers(idle);
    add('idle page: evaluate round trip', baseline.roundTrip);
    add('idle page: zero-delay timer lag', baseline.timerLag);
    await idle.close();

    for (const flood of floods) {
      const page = await browser.newPage();
      const hash = await encodeSharedCode({
        id: flood.sandbox,
        files: { [flood.file]: flood.code },
      });
      await page.goto(`${site.url}play/${flood.sandbox}/#${hash}`);
      const box = page.locator('eda-sandbox').first();
      await box.and(page.locator('[data-ready="true"]')).waitFor();
      await box.getByRole('button', { name: 'Run', exact: true }).click();
      // In full swing: the relay has started leaving trace events out.
      await box.getByText(floodNote).first().waitFor({ timeout: 60_000 });
      const under = await answers(page);
      add(`${flood.name} flood: evaluate round trip`, under.roundTrip);
      add(`${flood.name} flood: zero-delay timer lag`, under.timerLag);
      rows.push({
        name: `${flood.name} flood: Stop → "Stopped." (in page)`,
        value: (await timeStop(page)).toFixed(1),
        unit: 'ms',
      });
      await page.close();
    }
    return rows;
  } finally {
    await browser.close();
    site.stop();
  }
}

await printWhenMain(
  import.meta.url,
  'Page answers and Stop under a million-call flood (Chromium, built site)',
  run,
);
