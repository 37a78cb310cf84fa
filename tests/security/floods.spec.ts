// Attack: a service floods the broker with a million unawaited calls. The broker may take its
// time; the page must keep answering, and Stop must end the run. The timings here are liveness
// checks with generous ceilings; `npm run bench -- sandbox-flood` prints the precise numbers.
import { expect, test } from '@playwright/test';
import { floodNote, floods } from './flood-code';
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

for (const flood of floods) {
  test(`SURVIVED: a flood of 1,000,000 ${flood.name} calls: the page answers, Stop ends it`, async ({
    page,
  }, info) => {
    outcome(info, 'SURVIVED', `1,000,000 unawaited ${flood.name} calls from one service`);
    const watch = await watchPage(page);
    const box = await openShared(page, watch, flood.sandbox, { [flood.file]: flood.code });
    await run(box);
    await expect(linesOf(box, flood.service).filter({ hasText: 'flood starting' })).toHaveCount(1, {
      timeout: 30_000,
    });
    // The relay reports dropped trace events once the flood outruns what the page draws:
    // from then on the run worker is as busy as it gets.
    await expect(consoleLog(box)).toContainText(floodNote, { timeout: 30_000 });
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push(await pageAnswerMs(page));
    const worst = Math.max(...answers);
    measured(info, 'page answer under flood (worst of 5 round trips)', worst);
    expect(worst, 'the page answers during the flood').toBeLessThan(5_000);

    const stop = box.getByRole('button', { name: 'Stop', exact: true });
    await expect(stop).toBeEnabled();
    const clicked = performance.now();
    await stop.click();
    await expect(box.getByRole('status').filter({ hasText: 'Stopped.' })).toBeVisible({
      timeout: 10_000,
    });
    await expect(stop).toBeDisabled();
    measured(info, 'Stop → "Stopped."', performance.now() - clicked);
    await expect(consoleLog(box)).not.toContainText('ran out of memory');
    await expectNothingEscaped(page, watch);
  });
}
