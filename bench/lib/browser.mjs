// The browser and server every benchmark uses: the system Chromium with the test suite's flags,
// and a vite dev server on a free port without HMR or file watching (an edit elsewhere in the
// repo must not reload a page mid-run).
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs';
import { freePort } from './cli.mjs';

/** Headless system Chromium with the flags of playwright.config.ts. */
export function launchChromium() {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/** A started vite dev server over the repository; `server` and `config` add to its settings. */
export async function startDevServer({ server = {}, ...config } = {}) {
  const port = await freePort();
  const dev = await createServer({
    root: fileURLToPath(new URL('../..', import.meta.url)),
    server: { port, strictPort: true, host: '127.0.0.1', hmr: false, watch: null, ...server },
    logLevel: 'error',
    ...config,
  });
  await dev.listen();
  return { server: dev, port, url: `http://127.0.0.1:${port}/` };
}
