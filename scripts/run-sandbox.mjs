// `npm run sandbox -- <id> [--duration ms] [--seed n]`: bundles the Node runtime's CLI and its
// worker_thread entry with esbuild (our TypeScript uses extensionless imports, which Node's
// type stripping cannot resolve), then runs the CLI. Bundling takes well under a second.
// `node scripts/run-sandbox.mjs --build <outdir>` only bundles (minified): the files Node mode
// mounts in a WebContainer (e.g. --build public/node-runner before `astro build`).
//
// The CLI runs in a second Node process under Node's permission model, as defence in depth
// (sandbox code comes from strangers, and this runs it as the user): it may read only its own
// bundle and the sandbox's folder, start worker_threads, and nothing else — no file writes, no
// child processes, no native addons, no WASI. The network is NOT covered by the permission
// model; see src/runtime/node/README.md and SECURITY.md.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles cli.mjs and thread-entry.mjs into `outdir` and returns it. */
export async function buildRunner(
  outdir = join(root, 'node_modules', '.cache', 'run-sandbox'),
  minify = false,
) {
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    // Written below, each file whole: several runs may bundle into the same folder at once
    // (tests run sandboxes in parallel), and none may load a half-written file.
    write: false,
    entryPoints: {
      cli: 'src/runtime/node/cli.ts',
      'thread-entry': 'src/runtime/node/thread-entry.ts',
      // `--broker real` only: Node mode in a WebContainer never loads it, so --build leaves it out.
      ...(minify
        ? {}
        : { 'real-thread-entry': 'src/runtime/node/real-broker/real-thread-entry.ts' }),
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
  for (const file of result.outputFiles) {
    const partial = join(outdir, `.${basename(file.path)}.${process.pid}`);
    writeFileSync(partial, file.contents);
    renameSync(partial, join(outdir, basename(file.path)));
  }
  return outdir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === '--build') {
    const outdir = await buildRunner(resolve(process.argv[3] ?? 'public/node-runner'), true);
    console.log(`bundled the Node runner into ${outdir}`);
    process.exit(0);
  }
  const outdir = await buildRunner();
  const args = process.argv.slice(2);
  const child = spawn(
    process.execPath,
    [...permissionFlags(outdir, args), join(outdir, 'cli.mjs'), ...args],
    {
      stdio: 'inherit',
    },
  );
  // Ctrl+C reaches the child too (same process group); wait for it and take its exit code.
  process.on('SIGINT', () => {});
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

/**
 * Node flags for the CLI's process: the permission model with reads limited to the bundle and
 * the one sandbox folder the CLI loads (the same folder loadSandbox resolves: `--dir` or
 * `<cwd>/sandboxes`, then `<id>`), and worker_threads allowed since each service is one.
 */
export function permissionFlags(outdir, args) {
  const flag = process.allowedNodeEnvironmentFlags.has('--permission')
    ? '--permission'
    : '--experimental-permission';
  const reads = [outdir];
  const id = args[0];
  const dirAt = args.indexOf('--dir');
  const root = resolve(
    dirAt >= 0 && args[dirAt + 1] ? args[dirAt + 1] : join(process.cwd(), 'sandboxes'),
  );
  // The CLI refuses any other id; reading nothing for it keeps `..` from widening the grant.
  if (id && /^[a-z0-9][a-z0-9-]*$/.test(id)) reads.push(join(root, id));
  // `--broker real` loads the real client packages (ioredis, amqplib…) from the project.
  if (args.includes('real') && args[args.indexOf('real') - 1] === '--broker') {
    const packages = join(process.cwd(), 'node_modules');
    reads.push(packages, realpathSync(packages), join(process.cwd(), 'package.json'));
  }
  // The CLI prints its own first line about privileges; Node's warning that --allow-worker can
  // undo the model is answered by thread-entry taking nested workers away (no-nested-workers.ts).
  const quiet = process.allowedNodeEnvironmentFlags.has('--disable-warning')
    ? ['--disable-warning=SecurityWarning']
    : [];
  return [flag, ...reads.map((path) => `--allow-fs-read=${path}`), '--allow-worker', ...quiet];
}
