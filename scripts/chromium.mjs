// The system Chromium shared by the Playwright tests and the benchmarks: never a downloaded one.
import { existsSync } from 'node:fs';

/** Flags for headless Chromium with WebGPU (SwiftShader where there is no GPU) and no background traffic. */
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** CHROME_PATH wins, then the usual install locations; throws a clear message when none exists. */
export function chromiumPath() {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ];
  const found = candidates.find((path) => path !== undefined && path !== '' && existsSync(path));
  if (found === undefined) {
    throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROME_PATH.');
  }
  return found;
}
