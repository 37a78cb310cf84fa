// Drives the harness page in Chromium and prints what each scenario printed.
// Usage (from the repository root, with `npx vite --port 4410` running):
//   npx node tests/runtime-harness/run-harness.mjs
import { chromium } from 'playwright';
import { chromiumPath, quietChromiumFlags } from '../../scripts/chromium.mjs';

const base = process.env.HARNESS_URL ?? 'http://localhost:4410/tests/runtime-harness/';
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: quietChromiumFlags,
});
const page = await browser.newPage();
page.on('console', (m) => {
  if (m.type() === 'error') console.log('PAGE ERROR', m.text());
});
page.on('pageerror', (e) => console.log('PAGE EXCEPTION', e.message));
await page.goto(base);
await page.waitForFunction(() => typeof window.runSandbox === 'function');

const scenarios = JSON.parse(process.argv[2] ?? '[]');
for (const scenario of scenarios) {
  const started = Date.now();
  const { lines, result, traceKinds } = await page.evaluate(
    ([source, options]) => window.runSandbox(source, options),
    [scenario.source, scenario.options ?? {}],
  );
  console.log(
    `=== ${scenario.name ?? scenario.source} (${Date.now() - started} ms) ${JSON.stringify(result.reason)} failures=${result.failures.length} traces=${traceKinds.length} first-line-at=${lines[0]?.time} ms`,
  );
  for (const l of lines) {
    console.log(
      `[${l.service}] ${l.level === 'log' ? '' : l.level + ': '}${l.text}${l.location ? ' @' + JSON.stringify(l.location) : ''}`,
    );
  }
}
await browser.close();
