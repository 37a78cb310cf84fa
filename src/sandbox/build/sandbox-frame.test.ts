import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { listSandboxes } from '../../runtime/catalog';
import { transpileService } from '../../runtime/transpile';
import { buildSandboxFrame, sandboxFrameDocument, withoutUnusedSucrase } from './sandbox-frame';

function policyOf(html: string): string {
  return /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
}

describe('the sandbox frame document', () => {
  it('allows exactly its own inline script, and no network', () => {
    const html = sandboxFrameDocument('console.log("</script>")');
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(script).toBe('console.log("<\\/script>")');
    const hash = createHash('sha256').update(script).digest('base64');
    const policy = policyOf(html);
    expect(policy).toContain(`script-src 'sha256-${hash}' 'unsafe-eval'`);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'none'");
    expect(policy).toContain('worker-src blob:');
  });

  it('bundles the run worker and the service worker into one document', async () => {
    const html = await buildSandboxFrame(true);
    expect(policyOf(html)).toMatch(/^default-src 'none'; script-src 'sha256-/);
    // The run worker's source holds the service worker's; the lockdown message comes from it.
    expect(html).toContain('is not available in a sandbox service');
    expect(html).not.toContain('strictCheck');
  }, 60_000);

  it("compiles every sandbox exactly as the full Sucrase does, with Sucrase's unused parts left out", async () => {
    const result = await build({
      absWorkingDir: process.cwd(),
      entryPoints: ['src/runtime/transpile/index.ts'],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      plugins: [withoutUnusedSucrase],
      logLevel: 'error',
    });
    const bundled = result.outputFiles[0]?.text ?? '';
    expect(bundled).toContain('is left out of the sandbox frame');
    const file = join(mkdtempSync(join(tmpdir(), 'frame-sucrase-')), 'transpile.mjs');
    writeFileSync(file, bundled);
    const slim = (await import(pathToFileURL(file).href)) as {
      transpileService: typeof transpileService;
    };
    let compared = 0;
    for (const sandbox of listSandboxes()) {
      for (const [name, text] of Object.entries(sandbox.files)) {
        expect(slim.transpileService(name, text).code).toBe(transpileService(name, text).code);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(10);
  }, 60_000);
});
