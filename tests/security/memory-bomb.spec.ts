// Attack: a service allocates without end until its process dies. The sandbox frame's process
// crashes, or the service's thread is ended by the watchdog first; the page must live on, say
// that the sandbox stopped, and run again.
import { expect, test, type CDPSession } from '@playwright/test';
import { linesOf, openShared, outcome, run, watchPage } from './security-helpers';

// Analytics allocates 20 arrays of a million numbers every millisecond, from the moment the
// third registration reaches it: by then the email service has printed all three, so the
// test can tell a later Run's lines from this one's.
const bomb = `import Redis from 'ioredis';
const redis = new Redis('redis://localhost:6379');
const hoard: number[][] = [];
let seen = 0;
redis.on('message', () => {
  seen += 1;
  if (seen < 3) return;
  console.log('allocating without end');
  setInterval(() => {
    for (let i = 0; i < 20; i++) hoard.push(new Array(1_000_000).fill(i));
  }, 1);
});
await redis.subscribe('user_registered');
`;

/** Evaluates `expression` in the page through CDP and returns its value. */
async function evaluate<T>(cdp: CDPSession, expression: string): Promise<T> {
  const answer = (await cdp.send('Runtime.evaluate', {
    expression,
    returnByValue: true,
    awaitPromise: true,
  })) as { result: { value?: unknown }; exceptionDetails?: { text: string } };
  if (answer.exceptionDetails) throw new Error(answer.exceptionDetails.text);
  return answer.result.value as T;
}

const consoleText = `document.querySelector('eda-sandbox [role="log"][aria-label="Console"]')?.textContent ?? ''`;

test('SURVIVED: a memory bomb crashes only the sandbox frame; the page says so and runs again', async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  outcome(info, 'SURVIVED', 'a service allocating 20 arrays of 1e6 numbers every millisecond');
  const watch = await watchPage(page);
  const box = await openShared(page, watch, 'registration', { 'analytics-service.ts': bomb });
  // Playwright 1.65 quirk: when the sandbox frame's (out-of-process) renderer crashes,
  // Playwright marks the whole Page as crashed ('crash' fires, later page calls throw "Page
  // crashed") though the page itself is alive. So the page is read and driven from here on
  // through a CDP session opened before the bomb, which talks to the page's own target.
  const cdp = await page.context().newCDPSession(page);
  let pageCrashEvents = 0;
  page.on('crash', () => (pageCrashEvents += 1));
  await run(box);
  await expect(linesOf(box, 'email').filter({ hasText: 'linus@example.com' })).toHaveCount(1);

  // Either the frame's process dies (the page hears nothing for 4 s and says so), or the
  // allocating thread stops answering first and the watchdog ends it: both stop the sandbox
  // and tell the reader why; the page lives on either way.
  await expect
    .poll(() => evaluate<string>(cdp, consoleText), { timeout: 60_000, intervals: [500] })
    .toMatch(/ran out of memory or crashed|analytics did not yield for 2 s/);
  const stillTheSite = await evaluate<string>(cdp, 'document.title');
  expect(stillTheSite).toMatch(/registration/i);
  // Run again: the console's own words are "Run starts a fresh sandbox", so the very next Run
  // must run the code (the user service prints its first registration) in a live frame.
  const started = await evaluate<boolean>(
    cdp,
    `(() => {
      const run = [...document.querySelectorAll('eda-sandbox button')].find(
        (button) => button.textContent?.trim() === 'Run',
      );
      run?.click();
      return run !== undefined;
    })()`,
  );
  expect(started).toBe(true);
  await expect
    .poll(() => evaluate<string>(cdp, consoleText), { timeout: 30_000, intervals: [250] })
    .toMatch(/^(?![\s\S]*(ran out of memory|did not yield))[\s\S]*ada@example\.com/);
  info.annotations.push({
    type: 'note',
    description: `Playwright reported the page crashed ${pageCrashEvents} time(s); the page answered throughout over CDP`,
  });
  // Stop the second bomb before the page closes.
  await evaluate(
    cdp,
    `[...document.querySelectorAll('eda-sandbox button')].find((b) => b.textContent?.trim() === 'Stop')?.click()`,
  );
  await cdp.detach().catch(() => undefined);
});
