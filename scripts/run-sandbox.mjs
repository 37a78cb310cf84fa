// `npm run sandbox -- <id> [--duration ms] [--seed n]`: bundles the Node runtime's CLI and its
// worker_thread entry with esbuild (our TypeScript uses extensionless imports, which Node's
// type stripping cannot resolve), then runs the CLI. Bundling takes well under a second.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles cli.mjs and thread-entry.mjs into `outdir` and returns it. */
export async function buildRunner(outdir = join(root, 'node_modules', '.cache', 'run-sandbox')) {
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
    // Bundled CommonJS dependencies (sucrase) call require(); give the ES module one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  return outdir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outdir = await buildRunner();
  await import(pathToFileURL(join(outdir, 'cli.mjs')).href);
}
