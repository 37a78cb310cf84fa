// Attack: a service prints far more than any console can hold, in one call or in many. The
// page must keep answering and say what it left out.
import { expect, test } from '@playwright/test';
import {
  consoleLog,
  expectNothingEscaped,
  linesOf,
  measured,
  openShared,
  outcome,
  pageAnswerMs,
  run,
  watchPage,
} from './security-helpers';

test('SURVIVED: one 50 MB console line is cut, with a note of its real size', async ({
  page,
}, info) => {
  outcome(info, 'SURVIVED', 'console.log of a 50,000,000-character string');
  const watch = await watchPage(page);
  const box = await openShared(page, watch, 'registration', {
    'email-service.ts':
      "console.log('z'.repeat(50_000_000));\nconsole.log('after the big line');\n",
  });
  await run(box);
  const line = linesOf(box, 'email').filter({ hasText: 'zzzz' });
  await expect(linesOf(box, 'email').filter({ hasText: 'after the big line' })).toHaveCount(1, {
    timeout: 30_000,
  });
  measured(info, 'page answer after the big line', await pageAnswerMs(page));
  const text = (await line.textContent()) ?? '';
  expect(text.length, 'the console holds a cut line, not 50 MB').toBeLessThan(20_000);
  // The note must tell the truth about what was left out: the line had 50,000,000 characters.
  expect(text).toMatch(/truncated|not shown/);
  expect(text, 'the truncation note gives the line’s real size').toMatch(
    /50,000,000|49,99\d,\d{3}/,
  );
  await expectNothingEscaped(page, watch);
});

test('SURVIVED: 100,000 console lines end in a limit note; the page keeps answering', async ({
  page,
}, info) => {
  outcome(info, 'SURVIVED', 'console.log in a loop, 100,000 times');
  const watch = await watchPage(page);
  const box = await openShared(page, watch, 'registration', {
    'email-service.ts':
      "for (let i = 0; i < 100_000; i++) console.log('line ' + i);\nconsole.log('loop done');\n",
  });
  await run(box);
  await expect(consoleLog(box)).toContainText(/Output limit reached/, { timeout: 30_000 });
  const answer = await pageAnswerMs(page);
  measured(info, 'page answer after 100,000 lines', answer);
  expect(answer).toBeLessThan(5_000);
  // The console keeps a bounded number of lines, and says so.
  expect(await consoleLog(box).locator('.eda-line').count()).toBeLessThanOrEqual(2_000);
  await expect(consoleLog(box)).not.toContainText('line 99999');
  const tab = box.getByRole('tab', { name: 'profile-service.ts' });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await expectNothingEscaped(page, watch);
});
