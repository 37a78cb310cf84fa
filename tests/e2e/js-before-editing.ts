import { gzipSync } from 'node:zlib';
import type { Page, Request } from '@playwright/test';

/** Monaco's files: its JS chunks, workers, stylesheets and icon font. */
export const monacoFile =
  /monaco|editor\.api|editor\.worker|ts\.worker|tsMode|\/editor\.[\w-]+\.css|codicon/i;

/** What a sandbox page made the browser load, measured as a reader uses it. */
export interface JsBeforeEditing {
  /** Every JavaScript file fetched (page, chunks, the sandbox frame), gzipped, in bytes. */
  readonly totalBytes: number;
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  /** Every URL requested: for checks that Monaco stayed out. */
  readonly requested: readonly string[];
}

/**
 * Opens `path`, lets the page settle (idle-time loading included), clicks the first sandbox's
 * Run and waits for its first console line and for the network to go quiet: the JavaScript a
 * reader's browser has loaded by then is what a sandbox page costs before anyone edits. Each
 * URL counts once (every frame loads the same document). Sizes are the
 * bodies gzipped here, whatever the server sent.
 */
export async function measureJsBeforeEditing(page: Page, path: string): Promise<JsBeforeEditing> {
  const sizes = new Map<string, Promise<number>>();
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  const network = trackNetwork(page);
  page.on('response', (response) => {
    const url = response.url();
    // The sandbox frame's document is all script (the runtime, inline). Its workers start from
    // blob: URLs made in the browser out of that document's text: no bytes cross the network.
    const isScript =
      response.request().resourceType() === 'script' ||
      /\.m?js$/.test(url) ||
      url.endsWith('/sandbox-frame.html');
    if (!isScript || url.startsWith('blob:') || sizes.has(url)) return;
    // A response the page abandoned has no body to weigh.
    sizes.set(
      url,
      response.body().then(
        (body) => gzipSync(body).length,
        () => 0,
      ),
    );
  });
  await page.goto(path);
  const box = page.locator('eda-sandbox').first();
  await box.scrollIntoViewIfNeeded();
  await page.locator('eda-sandbox[data-ready="true"]').first().waitFor();
  await network.quiet();
  // Whatever the page loads in idle time counts too.
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await box.getByRole('log', { name: 'Console' }).locator('.eda-line').first().waitFor();
  await network.quiet();
  const files = await Promise.all(
    [...sizes].map(async ([url, bytes]) => ({ path: new URL(url).pathname, bytes: await bytes })),
  );
  files.sort((a, b) => b.bytes - a.bytes);
  return { totalBytes: files.reduce((sum, f) => sum + f.bytes, 0), files, requested };
}

/**
 * Like Playwright's `networkidle`, for requests that cross the network only: blob: workers made
 * inside a sandbox frame that is removed while they start may never report an end, and would
 * keep `networkidle` from ever coming.
 */
function trackNetwork(page: Page): { quiet(): Promise<void> } {
  const pending = new Set<Request>();
  let lastChange = Date.now();
  const crossesNetwork = (request: Request) => /^https?:/.test(request.url());
  page.on('request', (request) => {
    if (!crossesNetwork(request)) return;
    pending.add(request);
    lastChange = Date.now();
  });
  const settled = (request: Request) => {
    if (pending.delete(request)) lastChange = Date.now();
  };
  page.on('requestfinished', settled);
  page.on('requestfailed', settled);
  return {
    // Polled on the page's own timer (the bench uses this outside a test runner).
    async quiet() {
      const deadline = Date.now() + 30_000;
      while (pending.size > 0 || Date.now() - lastChange < 500) {
        if (Date.now() > deadline) throw new Error(`requests still pending: ${pending.size}`);
        await page.waitForTimeout(100);
      }
    },
  };
}
