// The production build, served by `vite preview` as a user would host it: five cold loads (a
// fresh browser context each, so no HTTP cache) must each fetch every model file exactly once
// and open the default model, never the fallback. Two workers fetching the 7.4 MB model at once
// used to fail here with net::ERR_CACHE_WRITE_FAILURE in 5 of 5 cold loads.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';

const COLD_LOADS = 5;
const MODEL_FILES = ['config.json', 'vocab.txt', 'model.safetensors'];

interface ModelIndexJson {
  readonly default: string;
  readonly models: readonly { readonly id: string; readonly path?: string }[];
}

const index = JSON.parse(readFileSync('public/models/index.json', 'utf8')) as ModelIndexJson;
const defaultPath =
  index.models.find((m) => m.id === index.default)?.path ?? `models/${index.default}`;

let outDir = '';
let server: PreviewServer | null = null;
let baseUrl = '';

test.beforeAll(async () => {
  test.setTimeout(240_000);
  outDir = mkdtempSync(join(tmpdir(), 'maskscope-built-'));
  await build({ logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  server = await preview({
    logLevel: 'error',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('no preview address');
  baseUrl = `http://127.0.0.1:${address.port}/`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server?.httpServer.close(resolve));
  rmSync(outDir, { recursive: true, force: true });
});

test(`the built app opens the default model in ${COLD_LOADS} of ${COLD_LOADS} cold loads, fetching each file once`, async ({
  browser,
}) => {
  for (let load = 1; load <= COLD_LOADS; load++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${baseUrl}?backend=wasm`);
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const handle = (
              window as unknown as { __maskscope?: { getState(): { runPhase: string } } }
            ).__maskscope;
            return handle?.getState().runPhase;
          }),
        { timeout: 120_000 },
      )
      .toBe('done');
    const state = await page.evaluate(() =>
      (
        window as unknown as { __maskscope: { getState(): { modelSource: string | null } } }
      ).__maskscope.getState(),
    );
    expect(state.modelSource, `cold load ${load}`).toBe(`${baseUrl}${defaultPath}`);
    await expect(page.getByTestId('error-banner')).toHaveCount(0);
    for (const file of MODEL_FILES) {
      const url = `${baseUrl}${defaultPath}/${file}`;
      expect(
        requests.filter((r) => r === url),
        `cold load ${load}: ${file}`,
      ).toHaveLength(1);
    }
    expect(requests.every((url) => url.startsWith(baseUrl))).toBe(true);
    await context.close();
  }
});
