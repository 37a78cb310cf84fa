// `npm run exercises -- check <exercise> [--solution]` and `npm run exercises -- list`: bundles
// src/runtime/node/exercise-cli-main.ts (which pulls in every exercise's check.ts) and the
// service thread entry with esbuild, then runs it. As for `npm run sandbox`, the CLI runs in a
// second Node process under Node's permission model: reads only from its bundle and from
// sandboxes/, worker_threads allowed, nothing else (see scripts/run-sandbox.mjs).
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'node_modules', '.cache', 'exercises');
mkdirSync(outdir, { recursive: true });
const result = await build({
  absWorkingDir: root,
  write: false,
  entryPoints: {
    'exercise-cli': 'src/runtime/node/exercise-cli-main.ts',
    'thread-entry': 'src/runtime/node/thread-entry.ts',
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  logLevel: 'warning',
  keepNames: true,
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
for (const file of result.outputFiles) {
  // Whole files only: two runs bundling at once must never load a half-written one.
  const partial = join(outdir, `.${basename(file.path)}.${process.pid}`);
  writeFileSync(partial, file.contents);
  renameSync(partial, join(outdir, basename(file.path)));
}
// The real path: Node checks reads against it, and node_modules may be a symlink.
const bundle = realpathSync(outdir);
const flag = process.allowedNodeEnvironmentFlags.has('--permission')
  ? '--permission'
  : '--experimental-permission';
const quiet = process.allowedNodeEnvironmentFlags.has('--disable-warning')
  ? ['--disable-warning=SecurityWarning']
  : [];
const child = spawn(
  process.execPath,
  [
    flag,
    `--allow-fs-read=${bundle}`,
    `--allow-fs-read=${join(process.cwd(), 'sandboxes')}`,
    '--allow-worker',
    ...quiet,
    join(bundle, 'exercise-cli.mjs'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
process.on('SIGINT', () => {});
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
