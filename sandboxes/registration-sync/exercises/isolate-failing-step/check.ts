import type { ExerciseCheck } from '../../../../src/runtime/exercises/check-api';

/** Every user gets a profile and a recorded signup; Grace's email failure is still reported. */
const check: ExerciseCheck = (run) => {
  const lines = run.lines('user');
  const has = (text: string) => lines.some((line) => line.text.includes(text));
  for (const [id, name] of [
    ['u-1', 'Ada'],
    ['u-2', 'Grace'],
    ['u-3', 'Linus'],
  ] as const) {
    if (!has(`created profile page /people/${id} for ${name}`))
      return run.fail(`${name} (${id}) got no profile page`);
    if (!has(`recorded signup of ${id}`))
      return run.fail(`The signup of ${name} (${id}) was never recorded`);
  }
  const reported = lines.some(
    (line) =>
      (line.level === 'warn' || line.level === 'error') &&
      line.text.includes('grace@mail-down.example'),
  );
  if (!reported)
    return run.fail(
      "Grace's failed welcome email was not reported (console.warn or console.error)",
    );
  if (has('sent welcome email to grace@mail-down.example'))
    return run.fail('Grace cannot have been emailed: the mail server is down for her');
  return run.pass();
};
export default check;
