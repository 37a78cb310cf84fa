// Attack: a `#code=` link built to hurt whoever opens it: a deflate bomb that inflates to
// hundreds of megabytes, a fragment far longer than any real link, and file names that every
// JavaScript object already has. The right outcome: the page stays responsive, says the link
// was refused, shows the sandbox's own code, and keeps nothing of the link after a reload.
import { createDeflateRaw } from 'node:zlib';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { encodeSharedCode } from '../../src/sandbox/share-code';
import {
  expectNothingEscaped,
  linesOf,
  measured,
  outcome,
  pageAnswerMs,
  pageState,
  run,
  sandbox,
  waitForIsland,
  watchPage,
} from './security-helpers';

const refusal = /link's code .*(could not be|was not) opened/;

/** deflate-raw of JSON whose one file is `megabytes` MB of one letter, as base64url. */
function deflateBomb(megabytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const deflate = createDeflateRaw({ level: 9 });
    const chunks: Buffer[] = [];
    deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
    deflate.on('error', reject);
    deflate.on('end', () => resolve(Buffer.concat(chunks).toString('base64url')));
    const block = Buffer.alloc(1024 * 1024, 'a');
    deflate.write('{"v":1,"id":"registration","files":{"email-service.ts":"');
    let written = 0;
    const more = (): void => {
      while (written < megabytes) {
        written += 1;
        if (!deflate.write(block)) {
          deflate.once('drain', more);
          return;
        }
      }
      deflate.end('"}}');
    };
    more();
  });
}

/** Opens a page at `hash` and checks it refuses the link and still runs its own code. */
async function expectRefused(page: Page, hash: string): Promise<Locator> {
  const opened = performance.now();
  await page.goto(`play/registration/#${hash}`);
  const box = sandbox(page);
  await waitForIsland(box);
  await expect(linesOf(box, 'sandbox').filter({ hasText: refusal })).toHaveCount(1, {
    timeout: 30_000,
  });
  measured(test.info(), 'open → refusal shown', performance.now() - opened);
  expect(await pageAnswerMs(page), 'the page answers').toBeLessThan(5_000);
  await box.getByRole('tab', { name: /email-service\.ts/ }).click();
  await expect(box.getByRole('tabpanel', { name: /email-service\.ts/ })).toContainText(
    'sent welcome email',
  );
  await run(box);
  await expect(linesOf(box, 'email').filter({ hasText: 'ada@example.com' })).toHaveCount(1);
  return box;
}

test('BLOCKED: a share link that inflates to 300 MB is refused; the page stays responsive', async ({
  page,
}, info) => {
  const hash = `code=${await deflateBomb(300)}`;
  outcome(info, 'BLOCKED', `a ${hash.length.toLocaleString('en')}-character link of 300 MB`);
  const watch = await watchPage(page);
  await page.goto('play/registration/');
  watch.before = await pageState(page);
  await expectRefused(page, hash);
  await expectNothingEscaped(page, watch);
});

test('BLOCKED: an oversized #code= fragment is refused before decoding', async ({ page }, info) => {
  const hash = `code=${'A'.repeat(2_000_000)}`;
  outcome(info, 'BLOCKED', 'a 2,000,000-character fragment');
  await expectRefused(page, hash);
});

const hostileNames = ['toString', 'constructor', '__proto__', 'valueOf'];

test('BLOCKED: hostile file names in a share link are refused and do not survive reload', async ({
  page,
}, info) => {
  outcome(info, 'BLOCKED', `files named ${hostileNames.join(', ')}`);
  // JSON text, so "__proto__" is an own key of the link's files (as a hand-made link has it).
  const files = JSON.parse(
    JSON.stringify({
      'email-service.ts': "console.log('HOSTILE LINK');\n",
      ...Object.fromEntries(
        hostileNames.filter((name) => name !== '__proto__').map((name) => [name, 'x']),
      ),
    }).replace(/^\{/, '{"__proto__":"x",'),
  ) as Record<string, string>;
  expect(Object.keys(files)).toContain('__proto__');
  const hash = await encodeSharedCode({ id: 'registration', files });
  const box = await expectRefused(page, hash);
  await expect(box).not.toContainText('HOSTILE LINK');
  for (const name of hostileNames) {
    await expect(box.getByRole('tab', { name: new RegExp(`^${name}`) })).toHaveCount(0);
  }

  // Reloaded without the link, nothing of it is left: not in storage, not on the page.
  await page.goto('play/registration/');
  const again = sandbox(page);
  await waitForIsland(again);
  const stored = JSON.stringify((await pageState(page)).storage);
  for (const name of [...hostileNames, 'HOSTILE LINK']) expect(stored).not.toContain(name);
  await expect(again).not.toContainText('HOSTILE LINK');
  await expect(again.getByRole('tab')).toHaveCount(4);
  await run(again);
  await expect(linesOf(again, 'email').filter({ hasText: 'ada@example.com' })).toHaveCount(1);
});
