import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AstroIntegration } from 'astro';

/** The env var that turns isolation on for `astro dev` / `astro preview` (tests, local tries). */
export const isolationEnvVar = 'EDA_CROSS_ORIGIN_ISOLATION';

/**
 * The headers one response needs so /play/ pages are cross-origin isolated (what WebContainers
 * need) and nothing else is: COOP + COEP on pages under `<base>play/`; COEP alone on files
 * (anything with an extension that is not .html), because a COEP page only starts a dedicated
 * worker whose script is COEP too, and COEP on a script or stylesheet changes nothing else.
 *
 * @example
 * isolationHeaders('/play/registration/', '/'); // { COOP: same-origin, COEP: require-corp }
 * isolationHeaders('/lessons/what-is-eda/', '/'); // {}
 */
export function isolationHeaders(url: string, base: string): Record<string, string> {
  const path = url.split(/[?#]/)[0] ?? '';
  const root = base.endsWith('/') ? base : `${base}/`;
  if (!path.startsWith(root)) return {};
  const rest = path.slice(root.length);
  const coep = { 'Cross-Origin-Embedder-Policy': 'require-corp' };
  if (rest.startsWith('play/')) return { 'Cross-Origin-Opener-Policy': 'same-origin', ...coep };
  const last = rest.split('/').pop() ?? '';
  return /\.[a-z0-9]+$/i.test(last) && !last.endsWith('.html') ? coep : {};
}

function addHeaders(req: IncomingMessage, res: ServerResponse, base: string): void {
  for (const [name, value] of Object.entries(isolationHeaders(req.url ?? '', base)))
    res.setHeader(name, value);
}

/**
 * An Astro integration: when `EDA_CROSS_ORIGIN_ISOLATION=1`, `astro dev` and `astro preview`
 * send {@link isolationHeaders}, so Node mode (WebContainers) can be tried and tested locally.
 * It does nothing to the build: a real host sends these headers itself (see
 * src/runtime/webcontainer/README.md).
 *
 * `astro preview` drops user Vite plugins, so the preview side rides on Vite's
 * `preview.proxy` whose `bypass` runs for every request: it adds the headers and hands the
 * request back to the static server (returning its own URL), so nothing is ever proxied.
 *
 * @example integrations: [starlight({ … }), crossOriginIsolation()]
 */
export function crossOriginIsolation(
  enabled = process.env[isolationEnvVar] === '1',
): AstroIntegration {
  let base = '/';
  return {
    name: 'eda:cross-origin-isolation',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        base = config.base;
        if (!enabled) return;
        updateConfig({
          vite: {
            preview: {
              proxy: {
                '^/': {
                  // Never contacted: bypass always hands the request back (see above).
                  target: 'http://127.0.0.1:9',
                  bypass: (req, res) => {
                    if (res) addHeaders(req, res, base);
                    return req.url ?? '/';
                  },
                },
              },
            },
          },
        });
      },
      'astro:server:setup': ({ server }) => {
        if (!enabled) return;
        server.middlewares.use((req, res, next) => {
          addHeaders(req, res, base);
          next();
        });
      },
    },
  };
}
