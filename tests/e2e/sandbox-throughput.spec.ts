// A load test a lesson could run: 100,000 Redis Pub/Sub messages through the sandbox (the
// reader's code in service workers, the broker in the frame's run worker), at the Speed slider's
// "as fast as possible". Every message must arrive exactly once (the consumer keeps a bitmap of
// message numbers and prints `duplicate n` on a second sighting; `received 100000` only when all
// are in), and a probe inside the page measures, all the way through, how late a task
// scheduled every 50 ms runs (its lag is how long the page could not answer a click); the worst
// lag is printed, and is not yet under the 200 ms it should be (the fixme below).
// `npm run bench -- sandbox-throughput` prints the rates; this checks that the path holds up to
// the end.
import { expect, test } from '@playwright/test';
import { linesOf, sandbox, sharedUrl, waitForIsland } from './sandbox-helpers';
import { throughputScenarios } from './throughput-code';

const messages = Number(process.env.THROUGHPUT_E2E_MESSAGES ?? 100_000);
const redis = throughputScenarios.find((scenario) => scenario.model === 'redis')!;

test(`${messages.toLocaleString('en-US')} Redis messages through the sandbox: each delivered once, the page answering throughout`, async ({
  page,
}) => {
  test.setTimeout(240_000);
  const { producer, consumer } = redis.code('one-way', messages);
  const files: Record<string, string> = {
    [redis.producer.file]: producer,
    [redis.consumer.file]: consumer,
  };
  for (const file of redis.idleFiles) files[file] = 'export {};\n';
  await page.goto(await sharedUrl(`play/${redis.sandbox}/`, redis.sandbox, files));
  const box = sandbox(page);
  await waitForIsland(box);

  // The probe: a task every 50 ms; how late it runs is how long the page was unable to answer.
  // The console is watched from inside the page too (a MutationObserver, not Playwright's
  // polling, which walks the whole DOM and would block the page it measures).
  await page.evaluate((count) => {
    const probe = { worst: 0, samples: 0, sent: false, received: false, duplicate: false };
    const scope = globalThis as unknown as { answerProbe: typeof probe; finished: Promise<void> };
    scope.answerProbe = probe;
    let expected = performance.now() + 50;
    const tick = () => {
      const now = performance.now();
      probe.worst = Math.max(probe.worst, now - expected);
      probe.samples += 1;
      expected = now + 50;
      if (!probe.received) setTimeout(tick, 50);
    };
    setTimeout(tick, 50);
    const log = document.querySelector('[role="log"][aria-label="Console"]');
    if (!log) throw new Error('no console');
    scope.finished = new Promise<void>((resolve) => {
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.addedNodes) {
            const text = node.textContent ?? '';
            if (text.includes('producer sent')) probe.sent = true;
            if (text.includes('duplicate ')) probe.duplicate = true;
            if (text.includes(`received ${count}`)) probe.received = true;
          }
        if (probe.received || probe.duplicate) resolve();
      }).observe(log, { childList: true, subtree: true });
    });
  }, messages);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  // The slider is live while a run goes; the producer starts at 500 ms of run time.
  const speed = box.getByRole('slider', { name: 'Speed' });
  await speed.fill(String(Number(await speed.getAttribute('max'))));
  await expect(speed).toHaveAttribute('aria-valuetext', 'as fast as possible');
  await page.evaluate(() => (globalThis as unknown as { finished: Promise<void> }).finished);
  const probe = await page.evaluate(
    () =>
      (
        globalThis as unknown as {
          answerProbe: { worst: number; samples: number; duplicate: boolean; received: boolean };
        }
      ).answerProbe,
  );
  expect(probe.duplicate, 'no message delivered twice').toBe(false);
  expect(probe.received, 'every message delivered').toBe(true);
  await expect(
    linesOf(box, redis.producer.service).filter({ hasText: 'producer sent' }),
  ).toHaveCount(1);
  await expect(
    linesOf(box, redis.consumer.service).filter({ hasText: `received ${messages}` }),
  ).toHaveCount(1);
  test.info().annotations.push({
    type: 'measured',
    description: `page answer probe: worst lag ${probe.worst.toFixed(0)} ms over ${probe.samples} samples`,
  });
  // Enough samples to say "throughout": the run took at least a few probe periods.
  expect(probe.samples).toBeGreaterThan(5);
  // The lag is reported, not yet held to 200 ms: see the test below.
  console.log(
    `[throughput] worst page lag ${probe.worst.toFixed(0)} ms (${probe.samples} samples)`,
  );
});

// Not yet true: measured at 0.7-4.4 s of worst lag on the 2-core dev box (layout and paint of
// the console and the flow view take most of it). The flow view does not aggregate events yet,
// so the page cannot keep up with a flood; this test says so until it does.
test.fixme('the page answers within 200 ms throughout a 100,000-message run', () => undefined);
