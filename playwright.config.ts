import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// System Chromium, never a downloaded one: CHROME_PATH wins, then the usual install locations.
function chromiumPath(): string {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ];
  const found = candidates.find((p): p is string => p !== undefined && existsSync(p));
  if (found === undefined) {
    throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROME_PATH.');
  }
  return found;
}

const port = Number(process.env.MASKSCOPE_TEST_PORT ?? 4179);

export default defineConfig({
  testDir: 'tests/browser',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/browser',
  timeout: 300_000,
  expect: { timeout: 60_000 },
  workers: 1,
  forbidOnly: true,
  reporter: [['list']],
  webServer: {
    command: `npx vite --port ${port} --strictPort`,
    env: { MASKSCOPE_NO_HMR: '1' },
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--enable-unsafe-webgpu',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    headless: true,
    screenshot: 'off',
  },
});
