import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const fixtures = resolve('tests/fixtures/lessons');

interface BuildOutcome {
  readonly ok: boolean;
  readonly output: string;
  readonly outDir: string;
}

/** Builds the site from one fixture content folder, the way a trainer's broken lesson would be. */
async function buildFixture(name: string, env: Record<string, string> = {}): Promise<BuildOutcome> {
  const outDir = resolve('node_modules/.astro-fixture/out', name);
  try {
    const { stdout, stderr } = await run('npm', ['run', 'build'], {
      env: {
        ...process.env,
        EDA_CONTENT_DIR: join(fixtures, name),
        EDA_OUT_DIR: outDir,
        NO_COLOR: '1',
        ...env,
      },
      maxBuffer: 32 * 1024 * 1024,
    });
    return { ok: true, output: stdout + stderr, outDir };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`, outDir };
  }
}

// Each case is a real `astro build` of a one-lesson site: slow-ish (seconds each), but it proves
// what a trainer sees, not what a plugin returns in isolation.
describe('a lesson build', { timeout: 180_000 }, () => {
  it('builds a valid lesson with its diagram as inline SVG and no diagram JavaScript', async () => {
    const outcome = await buildFixture('valid');
    expect(outcome.output).not.toContain('[ERROR]');
    expect(outcome.ok).toBe(true);
    const html = readFileSync(join(outcome.outDir, 'lessons/first/index.html'), 'utf8');
    expect(html).toContain('<figure class="diagram">');
    expect(html).toMatch(/<svg[^>]*class="diagram-light"/);
    expect(html).toMatch(/<svg[^>]*class="diagram-dark"/);
    expect(html).not.toContain('render-diagrams.mjs');
  });

  it('fails on a missing frontmatter field, naming the file and the field', async () => {
    const outcome = await buildFixture('missing-order');
    expect(outcome.ok).toBe(false);
    expect(outcome.output).toContain('missing-order/lessons/first.mdx');
    expect(outcome.output).toMatch(/"order" is missing/);
  });

  it('fails on a wrong frontmatter field, naming the file and the field', async () => {
    const outcome = await buildFixture('bad-description');
    expect(outcome.ok).toBe(false);
    expect(outcome.output).toMatch(/lessons\/first/);
    expect(outcome.output).toMatch(/description/);
  });

  it('fails on a Mermaid syntax error, naming the file, the line and the reason', async () => {
    const outcome = await buildFixture('broken-diagram');
    expect(outcome.ok).toBe(false);
    expect(outcome.output).toMatch(
      /broken-diagram\/lessons\/first\.mdx:9: Mermaid diagram does not render: .*(Parse error|Expecting|error)/,
    );
  });

  it('fails on a link to a lesson that does not exist', async () => {
    const outcome = await buildFixture('dead-link');
    expect(outcome.ok).toBe(false);
    expect(outcome.output).toContain(
      'dead-link/lessons/first.mdx:14: link to a lesson that does not exist: "../no-such-lesson/"',
    );
  });

  it('fails on a sandbox that does not exist', async () => {
    const outcome = await buildFixture('missing-sandbox');
    expect(outcome.ok).toBe(false);
    expect(outcome.output).toContain(
      'missing-sandbox/lessons/first.mdx:9: <Sandbox id="no-such-sandbox"> names a sandbox that does not exist',
    );
  });

  it('still builds without Chromium, shipping diagrams to render in the browser and saying so', async () => {
    const outcome = await buildFixture('valid', { EDA_CHROMIUM_PATH: '' });
    expect(outcome.ok).toBe(true);
    expect(outcome.output).toContain('Chromium not found');
    const html = readFileSync(join(outcome.outDir, 'lessons/first/index.html'), 'utf8');
    expect(html).toContain('data-diagram');
    expect(html).toContain('_diagrams/render-diagrams.mjs');
    expect(existsSync(join(outcome.outDir, '_diagrams/mermaid.esm.min.mjs'))).toBe(true);
    const home = readFileSync(join(outcome.outDir, 'index.html'), 'utf8');
    expect(home).not.toContain('render-diagrams.mjs');
  });
});
