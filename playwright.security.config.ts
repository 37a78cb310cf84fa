import { defineConfig, devices } from '@playwright/test';
import { chromiumPath, quietChromiumFlags } from './scripts/chromium.mjs';

const port = Number(process.env['SECURITY_PORT'] ?? 4327);

// Adversarial browser tests (`npm run test:security`): reader code that attacks the page from
// inside a sandbox, against the built site (`npm run build` first) served by `astro preview` on
// its own port (--ignore-lock, as the other configs), in Debian's Chromium. Files run side by
// side; the tests of one file run one after another, so a flood never shares the two cores
// with another flood.
export default defineConfig({
  testDir: 'tests/security',
  fullyParallel: false,
  workers: 2,
  retries: process.env['CI'] ? 1 : 0,
  reporter: [['list']],
  // Not test-results/: another config's run (npm run test:e2e…) empties that folder when it
  // starts, which would pull the traces of a security run still going from under it.
  outputDir: 'node_modules/.cache/test-results-security',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  use: {
    ...devices['Desktop Chrome'],
    channel: undefined,
    baseURL: `http://127.0.0.1:${port}/`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: quietChromiumFlags,
    },
  },
  projects: [{ name: 'security' }],
  webServer: {
    command: `npm run preview -- --host 127.0.0.1 --port ${port} --ignore-lock`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env['CI'],
    timeout: 60_000,
  },
});
