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

test('auto passes over WebGPU and WebGL on a software adapter and activates WASM, saying why', async ({
  page,
}) => {
  await page.goto('/tests/browser/blank.html');
  const { report, probe } = await page.evaluate(
    async (urls) => {
      const { initBackend } = (await import(
        urls.backends
      )) as typeof import('../../src/backend/backends');
      const { probeWebGpuAdapter } = (await import(
        urls.probe
      )) as typeof import('../../src/backend/webgpuProbe');
      return { report: await initBackend('auto'), probe: await probeWebGpuAdapter() };
    },
    { backends: BACKENDS_MODULE, probe: '/src/backend/webgpuProbe.ts' },
  );
  console.log(`auto: ${JSON.stringify(report)}`);
  expect(probe.isFound).toBe(true);
  if (!probe.isFound || !probe.isSoftware) {
    expect(report.active).toBe('webgpu'); // a real GPU: the fastest backend stays first
    return;
  }
  expect(report.active).toBe('wasm');
  expect(report.skipped.map(({ name }) => name)).toEqual(['webgpu', 'webgl']);
  for (const skip of report.skipped) {
    expect(skip.isSoftware).toBe(true);
    expect(skip.reason).toMatch(/software adapter here \(.*swiftshader.*\), slower than WASM/i);
  }
});

test('WebGPU and WebGL asked for by name still activate, flagged as software on SwiftShader', async ({
  page,
}) => {
  await page.goto('/tests/browser/blank.html');
  const reports = await page.evaluate(async (moduleUrl) => {
    const { initBackend } = (await import(
      moduleUrl
    )) as typeof import('../../src/backend/backends');
    return [await initBackend('webgpu'), await initBackend('webgl')];
  }, BACKENDS_MODULE);
  expect(reports.map((report) => report.active)).toEqual(['webgpu', 'webgl']);
  for (const report of reports) {
    expect(report.skipped).toEqual([]);
    const description = report.adapterDescription ?? '';
    expect(description).not.toBe('');
    expect(report.isSoftwareAdapter).toBe(/swiftshader/i.test(description));
  }
});
