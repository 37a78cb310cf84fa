import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listExercises } from './load-exercises';

const manifest = {
  title: 'Charge each order once',
  goal: 'Charge once.',
  lesson: 'delivery-guarantees',
  conditions: { seeds: [1, 2], durationMs: 1000 },
  hints: ['Remember what you charged.'],
};

/** A sandboxes folder with one sandbox and one exercise, changed by `edit`. */
function fixture(edit: (dir: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'eda-exercises-'));
  const sandbox = join(root, 'shop');
  mkdirSync(join(sandbox, 'exercises', 'charge-once', 'solution'), { recursive: true });
  writeFileSync(
    join(sandbox, 'sandbox.json'),
    JSON.stringify({
      id: 'shop',
      title: 'Shop',
      description: 'A shop.',
      model: 'amqp',
      services: [{ name: 'billing', file: 'billing.ts' }],
    }),
  );
  writeFileSync(join(sandbox, 'billing.ts'), 'console.log(1);\n');
  const dir = join(sandbox, 'exercises', 'charge-once');
  writeFileSync(join(dir, 'exercise.json'), JSON.stringify(manifest));
  writeFileSync(
    join(dir, 'check.ts'),
    'const check = (run: any) => run.pass();\nexport default check;\n',
  );
  writeFileSync(join(dir, 'solution', 'billing.ts'), 'console.log(2);\n');
  edit(dir);
  return root;
}

describe('exercise catalog', () => {
  it('reads a valid exercise with its solution', () => {
    const [exercise] = listExercises({ root: fixture(() => undefined) });
    expect(exercise?.manifest.name).toBe('charge-once');
    expect(exercise?.manifest.conditions.faults.duplicate).toBe(0);
    expect(exercise?.solution).toEqual({ 'billing.ts': 'console.log(2);\n' });
  });

  const failures: [string, (dir: string) => void, RegExp][] = [
    [
      'an unknown field',
      (dir) => writeFileSync(join(dir, 'exercise.json'), JSON.stringify({ ...manifest, level: 3 })),
      /exercise\.json: unknown field "level"/,
    ],
    [
      'no seeds',
      (dir) =>
        writeFileSync(
          join(dir, 'exercise.json'),
          JSON.stringify({ ...manifest, conditions: { seeds: [], durationMs: 1 } }),
        ),
      /"conditions\.seeds" must list/,
    ],
    [
      'a fault out of range',
      (dir) =>
        writeFileSync(
          join(dir, 'exercise.json'),
          JSON.stringify({
            ...manifest,
            conditions: { ...manifest.conditions, faults: { duplicate: 3 } },
          }),
        ),
      /"conditions\.faults\.duplicate" must be a probability/,
    ],
    [
      'a check that does not compile',
      (dir) => writeFileSync(join(dir, 'check.ts'), 'export default (run => {;\n'),
      /check\.ts: the check does not compile/,
    ],
    [
      'a solution file the sandbox does not have',
      (dir) => writeFileSync(join(dir, 'solution', 'email.ts'), ''),
      /solution[/\\]email\.ts: sandbox "shop" has no file "email\.ts"/,
    ],
    [
      'no hints',
      (dir) =>
        writeFileSync(join(dir, 'exercise.json'), JSON.stringify({ ...manifest, hints: [] })),
      /"hints" must be a non-empty list/,
    ],
  ];
  for (const [what, edit, message] of failures) {
    it(`fails with the path and the reason on ${what}`, () => {
      expect(() => listExercises({ root: fixture(edit) })).toThrow(message);
    });
  }
});
