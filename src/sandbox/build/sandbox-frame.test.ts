import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildSandboxFrame, sandboxFrameDocument } from './sandbox-frame';

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
});
