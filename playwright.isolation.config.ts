import { defineConfig } from '@playwright/test';
import mainConfig from './playwright.config';

// The site built and served with EDA_CROSS_ORIGIN_ISOLATION=1: `astro preview` then sends
// COOP + COEP on /play/ pages (src/sandbox/build/cross-origin-isolation.ts), so Node mode is
// offered there. The Node runner is bundled into public/node-runner first, as the real build
// does, because Node mode fetches it before booting.
const port = 4341;
const env = 'EDA_CROSS_ORIGIN_ISOLATION=1 EDA_OUT_DIR=./dist-isolation';

export default defineConfig({
  ...mainConfig,
  testDir: 'tests/isolation',
  projects: [{ name: 'isolation' }],
  use: { ...mainConfig.use, baseURL: `http://127.0.0.1:${port}/` },
  webServer: {
    command:
      'npm run sandbox -- --build public/node-runner && ' +
      `${env} npm run build && ${env} npm run preview -- --host 127.0.0.1 --port ${port} --ignore-lock`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 600_000,
  },
});
