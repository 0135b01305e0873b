// The production build, served by `vite preview` as a user would host it: five cold loads (a
// fresh browser context each, so no HTTP cache) must each fetch every model file exactly once
// and open the default model, never the fallback. Two workers fetching the 7.4 MB model at once
// used to fail here with net::ERR_CACHE_WRITE_FAILURE in 5 of 5 cold loads. The build ships a
// Content-Security-Policy, and every backend runs under it without a violation. It is served
// cross-origin isolated, so WASM runs on threads; a host whose policy blocks them gets one thread
// and a notice (their workers used to die with "e is not defined" and the app never drew).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BACKEND_ORDER } from '../../src/backend/backendNames';
import { CONTENT_SECURITY_POLICY, CROSS_ORIGIN_ISOLATION } from '../../vite.config';
import { waitForRun } from './appPage';
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

/** Serves the build with `vite preview`, its headers changed by `headers`. */
async function servePreview(headers: Record<string, string> = {}): Promise<PreviewServer> {
  return preview({
    logLevel: 'error',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false, headers },
  });
}

function urlOf(preview: PreviewServer): string {
  const address = preview.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('no preview address');
  return `http://127.0.0.1:${address.port}/`;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  outDir = mkdtempSync(join(tmpdir(), 'maskscope-built-'));
  await build({ logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  server = await servePreview();
  baseUrl = urlOf(server);
});

test.afterAll(async () => {
  await server?.close();
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
    // The WASM threads are blob: workers the page's own scripts made.
    const isOwn = (url: string) => url.startsWith(baseUrl) || url.startsWith(`blob:${baseUrl}`);
    expect(requests.filter((url) => !isOwn(url))).toEqual([]);
    await context.close();
  }
});

/** Violations reported in the page (event) and in its workers (Chromium logs them there). */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const page = window as unknown as { reportViolation: (text: string) => void };
      page.reportViolation(
        `${event.effectiveDirective} blocked ${event.blockedURI} (${event.sourceFile})`,
      );
    });
  });
  return violations;
}

test('the built app ships a Content-Security-Policy and runs every backend without violating it', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const violations = await watchViolations(page);
  const response = await page.goto(`${baseUrl}?backend=cpu&pad=0&s=a+%5BMASK%5D+.`);
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    CONTENT_SECURITY_POLICY,
  );
  const worker = page.workers()[0] ?? (await page.waitForEvent('worker'));
  const workerResponse = await fetch(worker.url());
  expect(workerResponse.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  await waitForRun(page);
  for (const backend of BACKEND_ORDER) {
    await page.getByTestId('backend-select').selectOption(backend);
    const badge = page.getByTestId('backend-badge');
    // A blocked WebAssembly compile makes the worker fall back to CPU: stop at the violation.
    await expect
      .poll(
        async () => violations.length > 0 || (await badge.getAttribute('data-backend')) === backend,
        {
          timeout: 120_000,
        },
      )
      .toBe(true);
    expect(violations, `violations on ${backend}`).toEqual([]);
    await expect(badge).toHaveAttribute('data-backend', backend);
    expect((await waitForRun(page, 240_000)).backend).toBe(backend);
  }
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  expect(violations).toEqual([]);
});

/** Errors thrown in the page or in any of its workers (pthread workers included). */
function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test('the built app, served cross-origin isolated, draws on WASM threads without an error', async ({
  page,
}) => {
  const violations = await watchViolations(page);
  const errors = watchPageErrors(page);
  const response = await page.goto(`${baseUrl}?backend=wasm`);
  for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION)) {
    expect(response?.headers()[name.toLowerCase()]).toBe(value);
  }
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect((await waitForRun(page, 120_000)).backend).toBe('wasm');
  const threads = page.getByTestId('backend-threads');
  expect(Number(await threads.getAttribute('data-threads'))).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('threads-notice')).toHaveCount(0);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  expect(errors).toEqual([]);
  expect(violations).toEqual([]);
});

test('a host whose policy blocks the WASM threads gets one thread and a notice, and the app draws', async ({
  page,
}) => {
  // The app's own policy less blob: workers and scripts, as a stricter host might send it.
  const strict = CONTENT_SECURITY_POLICY.replaceAll(' blob:', '');
  expect(strict).not.toBe(CONTENT_SECURITY_POLICY);
  const strictServer = await servePreview({ 'Content-Security-Policy': strict });
  try {
    const errors = watchPageErrors(page);
    await page.goto(`${urlOf(strictServer)}?backend=wasm`);
    expect((await waitForRun(page, 120_000)).backend).toBe('wasm');
    await expect(page.getByTestId('backend-threads')).toHaveAttribute('data-threads', '1');
    await expect(page.getByTestId('threads-notice')).toContainText(
      'WASM runs on one thread: its threads could not start here',
    );
    await expect(page.getByTestId('error-banner')).toHaveCount(0);
    expect(errors).toEqual([]);
  } finally {
    // PreviewServer.close ends the page's keep-alive connections too; httpServer.close waited for
    // them and once held this test until its 5-minute timeout.
    await strictServer.close();
  }
});

test('the built app tests a dropped ONNX export on ONNX Runtime Web without violating its policy', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const violations = await watchViolations(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${baseUrl}?backend=wasm`);
  await page.getByTestId('source-onnx').click();
  await page.getByTestId('onnx-files').setInputFiles('tests/fixtures/onnx/encoder-correct.onnx');
  await expect(page.getByTestId('onnx-verdict')).toHaveAttribute('data-verdict', 'invariant', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('head-cell-0-0')).toBeVisible();
  expect(requests.filter((url) => /ort-wasm/.test(url))).toEqual([
    `${baseUrl}ort/ort-wasm-simd-threaded.wasm`,
  ]);
  expect(violations).toEqual([]);
});
