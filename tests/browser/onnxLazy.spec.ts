// ONNX Runtime is for "bring your own model" only (issue 21): the default first screen, run to
// its first heatmaps, must not request any of its files (its JS glue or its ~12 MB wasm).
import { expect, test } from '@playwright/test';
import { waitForRun } from './appPage';

const ORT_FILE = /onnxruntime|ort[-.](?:wasm|bundle|min|node|webgpu|all|jspi)|ort-wasm/i;

test('the default first screen requests no ONNX Runtime file', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.goto('/');
  await waitForRun(page);
  expect(requested.length).toBeGreaterThan(0);
  expect(requested.filter((url) => ORT_FILE.test(url))).toEqual([]);
});
