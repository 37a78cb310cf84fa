// `npm run sandbox -- <id> [--duration ms] [--seed n]`: bundles the Node runtime's CLI and its
// worker_thread entry with esbuild (our TypeScript uses extensionless imports, which Node's
// type stripping cannot resolve), then runs the CLI. Bundling takes well under a second.
// `node scripts/run-sandbox.mjs --build <outdir>` only bundles (minified): the files Node mode
// mounts in a WebContainer (e.g. --build public/node-runner before `astro build`).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles cli.mjs and thread-entry.mjs into `outdir` and returns it. */
export async function buildRunner(
  outdir = join(root, 'node_modules', '.cache', 'run-sandbox'),
  minify = false,
) {
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: {
      cli: 'src/runtime/node/cli.ts',
      'thread-entry': 'src/runtime/node/thread-entry.ts',
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'warning',
    minify,
    // Error messages and stack frames name the runtime's functions; keep them readable.
    keepNames: true,
    // Bundled CommonJS dependencies (sucrase) call require(); give the ES module one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  return outdir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === '--build') {
    const outdir = await buildRunner(resolve(process.argv[3] ?? 'public/node-runner'), true);
    console.log(`bundled the Node runner into ${outdir}`);
    process.exit(0);
  }
  const outdir = await buildRunner();
  await import(pathToFileURL(join(outdir, 'cli.mjs')).href);
}
