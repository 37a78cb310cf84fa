/**
 * `start.mjs` of a downloaded sandbox: what `npm start` runs. It does what the playground does
 * with sandbox.json, with plain Node: every service in its own process (`node --import tsx`,
 * so the TypeScript runs as written), each line of its output with `[name] ` in front, in the
 * order of `startDelayMs`. As `npm run sandbox -- <id> --broker real` does
 * (src/runtime/node/real-broker/start-schedule.ts), a delay counts from when the services of the
 * smaller delay are up (printed a line or ended; 10 s at most): a real process takes real time
 * to load its client and connect. Ctrl-C reaches every service (one process group), and it ends
 * when they have all ended.
 */
export const startScript = `// npm start: runs every service of sandbox.json, each in its own Node process, with the
// service's name in front of each line it prints. Services start in the order of their
// startDelayMs, each delay counted from when the services before it are up (printed a line or
// ended; 10 s at most), since starting a process and connecting takes real time.
// Ctrl-C stops them all.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const { services } = JSON.parse(readFileSync(new URL('./sandbox.json', import.meta.url), 'utf8'));
const delays = [...new Set(services.map((s) => s.startDelayMs ?? 0))].sort((a, b) => a - b);
const groups = delays.map((delay) => services.filter((s) => (s.startDelayMs ?? 0) === delay));
const running = new Set();
const up = new Set();
const timers = [];
const scheduled = new Set();
let current = -1;
let started = 0;
let stopping = false;
let failed = false;

function endWhenAllEnded() {
  if (running.size === 0 && (stopping || started === services.length)) process.exit(failed ? 1 : 0);
}
function schedule(index, afterMs) {
  if (stopping || index >= groups.length || scheduled.has(index)) return;
  scheduled.add(index);
  timers.push(setTimeout(() => startGroup(index), afterMs));
}
function scheduleNextIfUp() {
  if (current >= 0 && groups[current].every((s) => up.has(s.name))) {
    schedule(current + 1, delays[current + 1] - delays[current]);
  }
}
function markUp(name) {
  up.add(name);
  scheduleNextIfUp();
}
function prefixLines(stream, name, write) {
  createInterface({ input: stream }).on('line', (line) => {
    write(\`[\${name}] \${line}\\n\`);
    markUp(name);
  });
}
function startGroup(index) {
  if (stopping) return;
  current = index;
  for (const { name, file } of groups[index]) {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started += 1;
    running.add(child);
    prefixLines(child.stdout, name, (text) => process.stdout.write(text));
    prefixLines(child.stderr, name, (text) => process.stderr.write(text));
    child.on('exit', (code, signal) => {
      running.delete(child);
      if (code !== 0 && signal === null && !stopping) {
        failed = true;
        process.stderr.write(\`[\${name}] exited with code \${code}\\n\`);
      }
      markUp(name);
      endWhenAllEnded();
    });
  }
  timers.push(setTimeout(() => schedule(index + 1, delays[index + 1] - delays[index]), 10_000));
  scheduleNextIfUp();
}

// Ctrl-C reaches the services too (same process group); this stops the ones not started yet
// and waits for the others to end.
function stop() {
  stopping = true;
  for (const timer of timers) clearTimeout(timer);
  for (const child of running) child.kill('SIGTERM');
  endWhenAllEnded();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
schedule(0, delays[0]);
`;
