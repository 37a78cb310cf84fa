/**
 * `start.mjs` of a downloaded sandbox: what `npm start` runs. It does what the playground does
 * with sandbox.json, with plain Node: every service in its own process (`node --import tsx`,
 * so the TypeScript runs as written), started after its `startDelayMs`, each line of its output
 * with `[name] ` in front. Ctrl-C reaches every service (one process group), and it ends when
 * they have all ended.
 */
export const startScript = `// npm start: runs every service of sandbox.json, each in its own Node process, started after
// its startDelayMs, with the service's name in front of each line it prints. Ctrl-C stops all.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const { services } = JSON.parse(readFileSync(new URL('./sandbox.json', import.meta.url), 'utf8'));
const running = new Set();
const timers = [];
let started = 0;
let stopping = false;
let failed = false;

function endWhenAllEnded() {
  if (running.size === 0 && (stopping || started === services.length)) process.exit(failed ? 1 : 0);
}

function prefixLines(stream, service, write) {
  createInterface({ input: stream }).on('line', (line) => write(\`[\${service}] \${line}\\n\`));
}

for (const { name, file, startDelayMs = 0 } of services) {
  timers.push(
    setTimeout(() => {
      const child = spawn(process.execPath, ['--import', 'tsx', file], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      started += 1;
      running.add(child);
      prefixLines(child.stdout, name, (text) => process.stdout.write(text));
      prefixLines(child.stderr, name, (text) => process.stderr.write(text));
      child.on('exit', (code, signal) => {
        running.delete(child);
        if (code !== 0 && signal === null) {
          failed = true;
          process.stderr.write(\`[\${name}] exited with code \${code}\\n\`);
        }
        endWhenAllEnded();
      });
    }, startDelayMs),
  );
}

// Ctrl-C reaches the services too (same process group); this stops the ones not started yet
// and waits for the others to end.
const stop = () => {
  stopping = true;
  for (const timer of timers) clearTimeout(timer);
  for (const child of running) child.kill('SIGTERM');
  endWhenAllEnded();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
`;
