#!/usr/bin/env node
// Runs every differential fuzzer in tests/conformance/fuzz/ (simulator vs real broker) with a
// chosen number of random sequences: `npm run fuzz -- --runs 5000 [--seed 7]`. The fixed-seed
// batch of the conformance suite is the same files with their defaults (FUZZ_RUNS=500).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const usage = 'usage: npm run fuzz -- --runs N [--seed S]';
const env = { ...process.env };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const [flag, value] = [args[i], args[i + 1]];
  if ((flag === '--runs' || flag === '--seed') && /^\d+$/.test(value ?? '')) {
    env[flag === '--runs' ? 'FUZZ_RUNS' : 'FUZZ_SEED'] = value;
    i++;
  } else {
    console.error(`unknown or incomplete argument ${flag}\n${usage}`);
    process.exit(2);
  }
}

const folder = fileURLToPath(new URL('../tests/conformance/fuzz/', import.meta.url));
const files = readdirSync(folder)
  .filter((name) => name.endsWith('.fuzz.test.ts'))
  .map((name) => `tests/conformance/fuzz/${name}`);
if (files.length === 0) {
  console.error(`no *.fuzz.test.ts in ${folder}`);
  process.exit(1);
}
console.log(
  `fuzzing ${files.join(', ')} with ${env.FUZZ_RUNS ?? 'the default number of'} runs` +
    (env.FUZZ_SEED ? `, seed ${env.FUZZ_SEED}` : ''),
);
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--config', 'vitest.conformance.config.ts', ...files],
  { stdio: 'inherit', env },
);
process.exit(result.status ?? 1);
