import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the real CLI path: scripts/run-sandbox.mjs bundles the runtime with esbuild, then each
// service runs in its own worker_thread against the simulated broker.
const script = join(process.cwd(), 'scripts', 'run-sandbox.mjs');
let fixtures: string;

function sandbox(args: string[]) {
  const result = spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function linesOf(out: string, service: string): string[] {
  return out
    .split('\n')
    .filter((line) => line.startsWith(`[${service}] `))
    .map((line) => line.slice(service.length + 3));
}

beforeAll(() => {
  fixtures = mkdtempSync(join(tmpdir(), 'node-runtime-'));
  const folder = join(fixtures, 'fails');
  mkdirSync(folder);
  writeFileSync(
    join(folder, 'sandbox.json'),
    JSON.stringify({
      id: 'fails',
      title: 'Fails',
      description: 'One service throws in a timer, one loops forever, one keeps going.',
      model: 'none',
      services: [
        { name: 'thrower', file: 'thrower.ts' },
        { name: 'looper', file: 'looper.ts' },
        { name: 'survivor', file: 'survivor.ts' },
      ],
    }),
  );
  writeFileSync(
    join(folder, 'thrower.ts'),
    'const limit: number = 2;\nsetTimeout(() => {\n  throw new RangeError(`over ${limit}`);\n}, 50);\n',
  );
  writeEscapeFixture();
  writeFileSync(join(folder, 'looper.ts'), "console.log('looping');\nwhile (true) {}\n");
  writeFileSync(
    join(folder, 'survivor.ts'),
    'let n = 0;\nconst timer = setInterval(() => {\n  console.log(`tick ${++n}`);\n  if (n === 3) clearInterval(timer);\n}, 400);\n',
  );
});
/** A service that tries to leave: run a program, write a file, read the user's env and files. */
function writeEscapeFixture(): void {
  const folder = join(fixtures, 'escape');
  mkdirSync(folder);
  writeFileSync(
    join(folder, 'sandbox.json'),
    JSON.stringify({
      id: 'escape',
      title: 'Escape',
      description: 'Tries what a stranger would try.',
      model: 'none',
      services: [{ name: 'escape', file: 'escape.ts' }],
    }),
  );
  const target = JSON.stringify(join(fixtures, 'written.txt'));
  writeFileSync(
    join(folder, 'escape.ts'),
    [
      'const attempt = (what: string, run: () => unknown) => {',
      '  try { console.log(`${what}: allowed ${String(run()).trim()}`); }',
      '  catch (e) { console.log(`${what}: refused ${(e as { code?: string }).code}`); }',
      '};',
      'const get = (process as any).getBuiltinModule;',
      "attempt('exec', () => get('child_process').execSync('id'));",
      `attempt('write', () => get('fs').writeFileSync(${target}, 'x'));`,
      "attempt('read', () => get('fs').readFileSync('/etc/hostname', 'utf8').length);",
      "attempt('env', () => Object.keys(process.env).length);",
      "attempt('thread', () => new (get('worker_threads').Worker)('1', { eval: true, execArgv: [] }));",
      '',
    ].join('\n'),
  );
}

afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

describe('npm run sandbox (Node runtime)', () => {
  it('runs registration: every service prints its part, exit 0', () => {
    const { code, out, err } = sandbox(['registration', '--seed', '3']);
    expect(err).toContain('run of registration ended (quiet, seed 3)');
    expect(code).toBe(0);
    for (const service of ['email', 'profile', 'analytics']) {
      expect(linesOf(out, service)[0]).toBe('listening on user_registered');
    }
    expect(linesOf(out, 'email')).toContain(
      'sent welcome email to grace@example.com (from user_registered)',
    );
    expect(linesOf(out, 'profile')).toContain('created profile page /people/u-2 for Grace');
    expect(linesOf(out, 'analytics').filter((l) => l.startsWith('recorded signup #'))).toHaveLength(
      3,
    );
    expect(linesOf(out, 'user')).toContain(
      'published user_registered for u-3, received by 3 subscribers',
    );
  }, 60_000);

  it('runs ecommerce: all four consumers handle all four orders, exit 0', () => {
    const { code, out } = sandbox(['ecommerce']);
    expect(code).toBe(0);
    expect(linesOf(out, 'order')).toHaveLength(4);
    expect(linesOf(out, 'billing')).toEqual([
      'waiting for orders on queue billing',
      'charged €42.50 for order o-1001',
      'charged €19.80 for order o-1002',
      'charged €89.00 for order o-1003',
      'charged €6.00 for order o-1004',
    ]);
    for (const service of ['inventory', 'notification', 'shipping']) {
      const handled = linesOf(out, service).join('\n');
      for (const order of ['o-1001', 'o-1002', 'o-1003', 'o-1004'])
        expect(handled).toContain(order);
    }
  }, 60_000);

  it('exits 1 with file:line when a service throws, stops a hung one, keeps the rest', () => {
    const { code, out, err } = sandbox(['fails', '--dir', fixtures, '--time-limit', '1000']);
    expect(code).toBe(1);
    expect(err).toContain('thrower.ts:3:9: Uncaught RangeError: over 2');
    expect(out).toContain('[looper] system: looper did not yield for 1 s (an endless loop?)');
    expect(linesOf(out, 'survivor')).toEqual(['tick 1', 'tick 2', 'tick 3']);
  }, 60_000);

  it('says first that it is no boundary, and the permission model stops processes and writes', () => {
    const { code, out, err } = sandbox(['escape', '--dir', fixtures]);
    expect(err.split('\n')[0]).toBe(
      "npm run sandbox runs this code with your user's privileges: it is not a security boundary (see SECURITY.md).",
    );
    expect(code).toBe(0);
    expect(linesOf(out, 'escape')).toEqual([
      'exec: refused ERR_ACCESS_DENIED',
      'write: refused ERR_ACCESS_DENIED',
      'read: refused ERR_ACCESS_DENIED',
      'env: allowed 0',
      'thread: refused ERR_ACCESS_DENIED',
    ]);
    expect(existsSync(join(fixtures, 'written.txt'))).toBe(false);
  }, 60_000);

  it('refuses out-of-range options with the reason and exit 2, as the browser does', () => {
    for (const [flag, value, reason] of [
      ['--seed', '-1', 'The seed must be a whole number from 0 to 4294967295; -1 is too small.'],
      ['--seed', 'abc', 'The seed must be a whole number from 0 to 4294967295; "abc" is not.'],
      ['--speed', '9', 'The speed must be a number from 0.25 to 4×; 9 is too large.'],
    ] as const) {
      const { code, out, err } = sandbox(['registration', flag, value]);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain(`${flag}: ${reason}`);
    }
  }, 60_000);

  it('exits 2 naming the manifest for an unknown sandbox', () => {
    const { code, err } = sandbox(['no-such-sandbox']);
    expect(code).toBe(2);
    expect(err).toMatch(/no-such-sandbox: no such sandbox folder/);
  }, 60_000);
});
