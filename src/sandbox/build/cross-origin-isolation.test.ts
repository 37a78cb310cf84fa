import { describe, expect, it } from 'vitest';
import { crossOriginIsolation, isolationHeaders } from './cross-origin-isolation';

const isolated = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
const coepOnly = { 'Cross-Origin-Embedder-Policy': 'require-corp' };

describe('isolationHeaders', () => {
  it('isolates /play/ pages only', () => {
    expect(isolationHeaders('/play/registration/', '/')).toEqual(isolated);
    expect(isolationHeaders('/play/registration/index.html?x=1', '/')).toEqual(isolated);
    expect(isolationHeaders('/lessons/what-is-eda/', '/')).toEqual({});
    expect(isolationHeaders('/', '/')).toEqual({});
    expect(isolationHeaders('/404.html', '/')).toEqual({});
  });

  it('marks files COEP so an isolated page can start its workers, dev URLs included', () => {
    expect(isolationHeaders('/_astro/worker-entry.B1x.js', '/')).toEqual(coepOnly);
    expect(isolationHeaders('/node-runner/cli.mjs', '/')).toEqual(coepOnly);
    expect(
      isolationHeaders('/src/runtime/worker/worker-entry.ts?worker_file&type=module', '/'),
    ).toEqual(coepOnly);
  });

  it('respects the base path', () => {
    expect(isolationHeaders('/training/eda/play/ecommerce/', '/training/eda/')).toEqual(isolated);
    expect(isolationHeaders('/training/eda/play/ecommerce/', '/training/eda')).toEqual(isolated);
    expect(isolationHeaders('/play/ecommerce/', '/training/eda/')).toEqual({});
    expect(isolationHeaders('/training/eda/lessons/x/', '/training/eda/')).toEqual({});
  });
});

describe('crossOriginIsolation', () => {
  type Setup = (options: {
    config: { base: string };
    updateConfig: (config: unknown) => void;
  }) => void;

  it('changes no config unless enabled, and adds headers through the preview bypass when on', () => {
    const updates: unknown[] = [];
    const off = crossOriginIsolation(false).hooks['astro:config:setup'] as unknown as Setup;
    off({ config: { base: '/' }, updateConfig: (c) => updates.push(c) });
    expect(updates).toEqual([]);

    const on = crossOriginIsolation(true).hooks['astro:config:setup'] as unknown as Setup;
    on({ config: { base: '/' }, updateConfig: (c) => updates.push(c) });
    const proxy = (
      updates[0] as {
        vite: {
          preview: { proxy: Record<string, { bypass: (req: unknown, res: unknown) => string }> };
        };
      }
    ).vite.preview.proxy['^/']!;
    const headers: Record<string, string> = {};
    const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
    expect(proxy.bypass({ url: '/play/registration/' }, res)).toBe('/play/registration/');
    expect(headers).toEqual(isolated);
  });
});
