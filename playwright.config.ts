import { defineConfig, devices } from '@playwright/test';
import { chromiumPath, quietChromiumFlags } from './scripts/chromium.mjs';

const port = Number(process.env['E2E_PORT'] ?? 4321);
const base = process.env['BASE_PATH'] ?? '/';

// Browser tests run against the built site (`npm run build` first), served by `astro preview`
// (--ignore-lock: each config serves its own build on its own port, so one per project is too few),
// in Debian's Chromium: Playwright's own browser download cannot reach its servers here.
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: process.env['CI'] ? 2 : 2,
  retries: process.env['CI'] ? 1 : 0,
  reporter: process.env['CI'] ? [['list']] : [['list']],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}${base.endsWith('/') ? base : `${base}/`}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: quietChromiumFlags,
    },
  },
  projects: [
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], channel: undefined },
      testIgnore: /.*phone.*\.spec\.ts/,
    },
    {
      name: 'phone',
      use: { ...devices['Pixel 7'], channel: undefined },
      testMatch: /.*phone.*\.spec\.ts/,
    },
  ],
  webServer: {
    command: `npm run preview -- --host 127.0.0.1 --port ${port} --ignore-lock`,
    url: `http://127.0.0.1:${port}${base.endsWith('/') ? base : `${base}/`}`,
    reuseExistingServer: !process.env['CI'],
    timeout: 60_000,
  },
});
