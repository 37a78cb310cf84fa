// Serves a built site with nginx using the server block the README gives trainers, so the
// base-path browser test checks that very configuration (sub-path, headers, 404 page), not a
// stand-in. Reads README.md's ```nginx block, points it at the build and a loopback port, wraps
// it in a minimal main config, and runs nginx in the foreground until stopped.
//
//   node scripts/serve-with-nginx.mjs --dist dist-base --port 4331
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The README's example: this root and port are what it says, and what gets replaced. */
export const readmeRoot = '/srv/eda-playground/dist/';
export const readmeListen = 'listen 80;';

/** The README's nginx server block, pointed at `distDir` and `127.0.0.1:port`. */
export function readmeServerBlock(readme, distDir, port) {
  const block = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no ```nginx block');
  for (const expected of [readmeRoot, readmeListen]) {
    if (!block.includes(expected)) throw new Error(`README's nginx block lost "${expected}"`);
  }
  const root = `${resolve(distDir)}/`;
  return block.replaceAll(readmeRoot, root).replace(readmeListen, `listen 127.0.0.1:${port};`);
}

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const distDir = option('dist', 'dist');
  const port = Number(option('port', '8080'));
  const nginx = ['/usr/sbin/nginx', 'nginx'].find(
    (path) => spawnSync(path, ['-v'], { stdio: 'ignore' }).status === 0,
  );
  if (!nginx) {
    console.error("nginx not found: install Debian's nginx-light (apt-get install nginx-light)");
    process.exit(1);
  }
  const work = mkdtempSync(join(tmpdir(), 'eda-nginx-'));
  const server = readmeServerBlock(readFileSync('README.md', 'utf8'), distDir, port);
  const config = join(work, 'nginx.conf');
  writeFileSync(
    config,
    [
      'daemon off;',
      // As root (CI), workers would drop to www-data, which may not read a checkout under /root.
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      `pid ${join(work, 'nginx.pid')};`,
      'error_log stderr warn;',
      'events {}',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  access_log off;',
      `  client_body_temp_path ${work};`,
      server,
      '}',
    ].join('\n'),
  );
  const child = spawn(nginx, ['-c', config, '-p', work], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill('SIGQUIT'));
  child.on('exit', (code) => process.exit(code ?? 0));
}
