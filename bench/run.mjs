// `npm run bench`: runs every benchmark section in its own Node process, one after another,
// and prints their tables. Numbers only: nothing here passes or fails on timing.
//
// A section is a file `bench/<name>.bench.mjs` or `bench/<name>.bench.ts`, picked up in name
// order, or only those named on the command line (`npm run bench -- broker`). TypeScript
// sections are bundled with esbuild (already installed with astro and vite) into
// node_modules/.cache/bench/ first, so they can import src/ without `.ts` extensions.
// Each section runs in a fresh `node --expose-gc` child: memory figures start clean, and a
// section that throws or dies prints its error while the run goes on with the next.
import { spawn } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, '..');
const cacheDir = join(root, 'node_modules', '.cache', 'bench');

const only = process.argv.slice(2);
const files = (await readdir(benchDir))
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(`${name}.`)))
  .sort();

async function build(file) {
  if (file.endsWith('.mjs')) return join(benchDir, file);
  const { build: esbuild } = await import('esbuild');
  await mkdir(cacheDir, { recursive: true });
  const outfile = join(cacheDir, file.replace(/\.ts$/, '.mjs'));
  await esbuild({
    entryPoints: [join(benchDir, file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return outfile;
}

function runChild(entry) {
  return new Promise((resolvePromise) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--enable-source-maps', '--max-old-space-size=4096', entry],
      { cwd: root, stdio: 'inherit' },
    );
    child.on('exit', (code, signal) => resolvePromise({ code, signal }));
    child.on('error', (error) => resolvePromise({ code: 1, signal: null, error }));
  });
}

console.log(`Benchmarks on Node ${process.version}, ${new Date().toISOString()}`);
console.log('Numbers only, nothing passes or fails on timing; compare rows, not runs.\n');
const failed = [];
for (const file of files) {
  const name = file.replace(/\.bench\.(mjs|ts)$/, '');
  console.log(`=== ${name} (${relative(root, join(benchDir, file))}) ===`);
  const started = performance.now();
  try {
    const entry = await build(file);
    const { code, signal, error } = await runChild(entry);
    if (error || code !== 0) {
      failed.push(name);
      console.log(`!! section ${name} failed: ${error?.message ?? `exit ${code ?? signal}`}`);
    }
  } catch (error) {
    failed.push(name);
    console.log(`!! section ${name} failed: ${error?.stack ?? error}`);
  }
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
if (failed.length > 0) {
  console.log(`Sections that failed: ${failed.join(', ')}`);
  // A section that crashed is an error (not a slow number): say so in the exit code too.
  process.exitCode = 1;
}
