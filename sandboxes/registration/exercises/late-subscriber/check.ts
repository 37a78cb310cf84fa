import type { ExerciseCheck } from '../../../../src/runtime/exercises/check-api';

/** Analytics still comes up after the first registration, yet records u-1, u-2 and u-3 once each. */
const check: ExerciseCheck = (run) => {
  const lines = run.lines('analytics');
  const firstPublish = run.events('published')[0];
  const up = lines[0];
  if (!up || !firstPublish || up.time <= firstPublish.time) {
    return run.fail(
      'Analytics must still come up after the first registration (keep its one-second start)',
    );
  }
  for (const user of ['u-1', 'u-2', 'u-3']) {
    const recorded = lines.filter((line) => line.text.includes(`(${user} at `));
    if (recorded.length === 0) {
      const missed = run
        .events('published', 'dropped')
        .find((event) => event.payload?.includes(`"${user}"`));
      return run.fail(`Analytics never recorded the signup of ${user}`, missed);
    }
    if (recorded.length > 1)
      return run.fail(`Analytics recorded the signup of ${user} ${recorded.length} times`);
  }
  return run.pass();
};
export default check;
