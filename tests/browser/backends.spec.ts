// Backend selection in a real Chromium: WebGPU on SwiftShader is reported as software, and a
// lost GPU device is reported through onBackendLost so the app can fall back.
import { expect, test } from '@playwright/test';
import type { BackendLoss } from '../../src/backend/backends';

const BACKENDS_MODULE = '/src/backend/backends.ts';

/** The page's tfjs, exposed by tests/browser/blank.html. */
type PageWindow = Window & { maskscopeTf: typeof import('@tensorflow/tfjs-core') };

async function loseDeviceInPage(moduleUrl: string) {
  const { initBackend, fallBackFrom } = (await import(
    moduleUrl
  )) as typeof import('../../src/backend/backends');
  const tf = (window as unknown as PageWindow).maskscopeTf;
  let reportLoss: (loss: BackendLoss) => void = () => undefined;
  const lost = new Promise<BackendLoss>((resolve) => (reportLoss = resolve));
  const first = await initBackend('webgpu', { onBackendLost: (loss) => reportLoss(loss) });
  const device: unknown = Reflect.get(tf.backend(), 'device');
  (device as { destroy(): void }).destroy();
  const loss = await lost;
  const next = await fallBackFrom(loss.name);
  return { first, loss, next: next.active, activeNow: tf.getBackend() };
}

test('a lost WebGPU device is reported, and fallBackFrom activates the next backend', async ({
  page,
}) => {
  await page.goto('/tests/browser/blank.html');
  const result = await page.evaluate(loseDeviceInPage, BACKENDS_MODULE);
  expect(result.first.active).toBe('webgpu');
  expect(result.first.adapterDescription).not.toBeNull();
  expect(result.loss).toMatchObject({ name: 'webgpu', reason: 'destroyed' });
  expect(['webgl', 'wasm', 'cpu']).toContain(result.next);
  expect(result.activeNow).toBe(result.next);
});

test('auto picks WebGPU and flags a SwiftShader adapter (headless CI) as software', async ({
  page,
}) => {
  await page.goto('/tests/browser/blank.html');
  const report = await page.evaluate(async (moduleUrl) => {
    const { initBackend } = (await import(
      moduleUrl
    )) as typeof import('../../src/backend/backends');
    return initBackend('auto');
  }, BACKENDS_MODULE);
  console.log(`auto: ${JSON.stringify(report)}`);
  expect(report.active).toBe('webgpu');
  expect(report.skipped).toEqual([]);
  const description = report.adapterDescription ?? '';
  expect(description).not.toBe('');
  expect(report.isSoftwareAdapter).toBe(/swiftshader/i.test(description));
});
