import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { build, type BuildOptions, type Plugin } from 'esbuild';

/** Where the frame document lives under the site's base (under play/, with the sandbox pages). */
export const sandboxFramePath = 'play/sandbox-frame.html';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Bundles the sandbox frame into one HTML document with its script inline: the service
 * worker script is embedded in the run worker's, which is embedded in the frame's. Nothing is
 * fetched by URL from inside the frame: an opaque origin could only load the site's scripts as
 * cross-origin requests, which cross-origin-isolated pages (Node mode) refuse without extra
 * headers, and the frame's CSP allows no network at all.
 */
export async function buildSandboxFrame(minify = true): Promise<string> {
  const serviceWorker = await bundle('src/runtime/worker/worker-entry.ts', {}, minify);
  const runWorker = await bundle(
    'src/runtime/frame/run-worker-entry.ts',
    { __EDA_SERVICE_WORKER_SOURCE__: JSON.stringify(serviceWorker) },
    minify,
  );
  const frame = await bundle(
    'src/runtime/frame/frame-entry.ts',
    { __EDA_RUN_WORKER_SOURCE__: JSON.stringify(runWorker) },
    minify,
  );
  return sandboxFrameDocument(frame);
}

/**
 * The frame's HTML. Its CSP (which the workers it makes from blobs inherit) allows its own
 * inline script by hash, `eval` (the service worker compiles the reader's code through one
 * private reference; every other route to it is locked), workers from blobs, and nothing else:
 * no fetch, no WebSocket, no images, no styles, no forms, no nested frames.
 */
export function sandboxFrameDocument(script: string): string {
  // `</script` inside the bundle would end the element early.
  const safe = script.replace(/<\/script/gi, '<\\/script');
  const hash = createHash('sha256').update(safe).digest('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${hash}' 'unsafe-eval'`,
    'worker-src blob:',
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><title>Sandbox runner</title></head><body><script>${safe}</script></body></html>\n`;
}

async function bundle(
  entry: string,
  define: Record<string, string>,
  minify: boolean,
): Promise<string> {
  const options: BuildOptions = {
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify,
    define,
    plugins: [withoutUnusedSucrase],
    logLevel: 'warning',
  };
  const result = await build(options);
  const output = result.outputFiles?.[0];
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}

/**
 * The parts of Sucrase the runtime never uses, left out of the frame (about 30 KB): its run-time
 * option checks (ts-interface-checker; the runtime passes one fixed set of options, which the
 * type checker proves), and the transformers for transforms it never enables (it asks for
 * `typescript` and `imports` only, src/runtime/transpile/transpile-service.ts): ESM output,
 * Flow, JSX, React display names, React Hot Loader and Jest hoisting. Sucrase constructs
 * those only when their transform is asked for; should that ever change, the stand-in throws
 * at once instead of compiling wrongly. `startsWithLowerCase`, which TypeScript import elision
 * uses from the JSX module, is kept with the same meaning.
 */
export const leftOutOfSucrase: Readonly<Record<string, string>> = {
  Options: 'export function validateOptions() {}',
  ESMImportTransformer: unusedTransformer('ESMImportTransformer'),
  FlowTransformer: unusedTransformer('FlowTransformer'),
  JestHoistTransformer: unusedTransformer('JestHoistTransformer'),
  ReactDisplayNameTransformer: unusedTransformer('ReactDisplayNameTransformer'),
  ReactHotLoaderTransformer: unusedTransformer('ReactHotLoaderTransformer'),
  JSXTransformer: `${unusedTransformer('JSXTransformer')}
export function startsWithLowerCase(text) {
  const first = text.charCodeAt(0);
  return first >= 97 && first <= 122;
}`,
};

function unusedTransformer(name: string): string {
  return `export default class {
  constructor() {
    throw new Error('${name} is left out of the sandbox frame (src/sandbox/build/sandbox-frame.ts)');
  }
}`;
}

/** An esbuild plugin that swaps the modules named in {@link leftOutOfSucrase} for their stand-ins. */
export const withoutUnusedSucrase: Plugin = {
  name: 'eda:without-unused-sucrase',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]sucrase[\\/]dist[\\/]esm[\\/].*\.js$/ }, (args) => {
      const name = /([A-Za-z]+)\.js$/.exec(args.path)?.[1] ?? '';
      const contents = Object.hasOwn(leftOutOfSucrase, name) ? leftOutOfSucrase[name] : undefined;
      return contents === undefined ? undefined : { contents, loader: 'js' };
    });
  },
};

/**
 * An Astro integration that serves the sandbox frame in `astro dev` (rebuilt when runtime or
 * broker code changes) and writes it into the build output.
 *
 * @example integrations: [starlight({ … }), sandboxFrame()]
 */
export function sandboxFrame(): AstroIntegration {
  let base = '/';
  let document: Promise<string> | undefined;
  return {
    name: 'eda:sandbox-frame',
    hooks: {
      'astro:config:setup': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:server:setup': ({ server }) => {
        document = buildSandboxFrame(false);
        server.watcher.on('change', (file) => {
          if (/src[\\/](runtime|broker)[\\/]/.test(file)) document = buildSandboxFrame(false);
        });
        server.middlewares.use((req, res, next) => {
          const path = (req.url ?? '').split(/[?#]/)[0];
          if (path !== `${base}${sandboxFramePath}` || !document) return next();
          document.then(
            (html) => {
              res.setHeader('Content-Type', 'text/html; charset=utf-8');
              res.end(html);
            },
            (error: unknown) => next(error),
          );
        });
      },
      'astro:build:done': async ({ dir }) => {
        const file = join(fileURLToPath(dir), sandboxFramePath);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, await buildSandboxFrame(true));
      },
    },
  };
}
