import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/chromium.mjs';

const port = Number(process.env.MASKSCOPE_TEST_PORT ?? 4179);

export default defineConfig({
  testDir: 'tests/browser',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/browser',
  timeout: 300_000,
  expect: { timeout: 60_000 },
  workers: 1,
  // CI runs WebGPU and WebGL on SwiftShader in a shared VM; one stall there (the first test once
  // waited 60 s for a run that takes 3 s here) must not sink a landing. A test that passes only
  // on its retry is still listed as flaky at the end of the report.
  retries: process.env.CI ? 1 : 0,
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
      args: [...CHROMIUM_ARGS],
    },
    headless: true,
    screenshot: 'off',
  },
});
