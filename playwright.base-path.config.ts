import { defineConfig } from '@playwright/test';
import mainConfig from './playwright.config';

// The whole site built and served under a sub-path, as a trainer would host it behind
// /training/eda/: links, search and assets must keep working there. nginx serves it with the
// server block README.md gives (scripts/serve-with-nginx.mjs), so that example is tested too.
const port = 4331;
const base = '/training/eda/';
const env = 'BASE_PATH=/training/eda/ EDA_OUT_DIR=./dist-base';

export default defineConfig({
  ...mainConfig,
  testDir: 'tests/base-path',
  projects: [{ name: 'base-path' }],
  use: { ...mainConfig.use, baseURL: `http://127.0.0.1:${port}${base}` },
  webServer: {
    command: `${env} npm run build && node scripts/serve-with-nginx.mjs --dist dist-base --port ${port}`,
    url: `http://127.0.0.1:${port}${base}`,
    reuseExistingServer: false,
    timeout: 600_000,
  },
});
