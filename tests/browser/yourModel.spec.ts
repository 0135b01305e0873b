// "Your model" end to end in headless Chromium: an ONNX fixture dropped on the page is tested on
// ONNX Runtime Web in the engine worker (loaded then, from the app's own origin), and the page
// shows the verdict, the drift per output and padding, and the tapped heads in the grids.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const DIR = 'tests/fixtures/onnx';

/** Drops `files` on the drop zone the way a browser does: a drop event with a DataTransfer. */
async function drop(page: Page, files: readonly string[]): Promise<void> {
  const payload = files.map((name) => ({ name, data: [...readFileSync(`${DIR}/${name}`)] }));
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const { name, data } of list) dt.items.add(new File([new Uint8Array(data)], name));
    return dt;
  }, payload);
  await page.getByTestId('onnx-drop').dispatchEvent('drop', { dataTransfer: transfer });
}

test.beforeEach(async ({ page }) => {
  await page.goto('/?backend=wasm');
  await page.getByTestId('source-onnx').click();
});

test('a dropped export with an inverted key mask drifts, and its leaking heads are drawn', async ({
  page,
}) => {
  const ortFiles: string[] = [];
  page.on('request', (r) => {
    if (/ort-wasm/.test(r.url())) ortFiles.push(new URL(r.url()).host);
  });
  await drop(page, ['encoder-inverted.onnx']);
  const verdict = page.getByTestId('onnx-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'drifts');
  await expect(verdict).toContainText('Mask input: attention_mask');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-run-state', 'done');
  // One row (the model's output) × three paddings (1, 8, 32 on the right), each a drift (NaN
  // counts: the inverted mask hides every key of the unpadded run).
  const cells = page.getByTestId('onnx-drift-cell');
  await expect(cells).toHaveCount(3);
  for (const text of await cells.allTextContents()) {
    expect(text === 'NaN' || Number(text) > 1e-5, `drift ${text}`).toBe(true);
  }
  // Two Softmax taps of [B·H, T, T] are the grid's two layers; the inverted mask leaks.
  await expect(page.getByTestId('head-cell-1-0')).toBeVisible();
  const leak = await page.getByTestId('head-cell-0-0').getAttribute('data-leak-max');
  expect(Number(leak)).toBeGreaterThan(0.01);
  await expect(page.getByTestId('onnx-roles')).toContainText('attention_mask');
  // ONNX Runtime's binary came from the page's own origin.
  expect(ortFiles).toEqual([new URL(page.url()).host]);
});

test('a correct export is invariant, and choosing another padding redraws its heads', async ({
  page,
}) => {
  await drop(page, ['encoder-correct.onnx']);
  await expect(page.getByTestId('onnx-verdict')).toHaveAttribute('data-verdict', 'invariant');
  await expect(page.getByTestId('head-cell-0-0')).toHaveAttribute('data-leak-max', '0');
  await page.getByTestId('onnx-run-2').click();
  await expect(page.getByTestId('onnx-run-2')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('token-strip')).toHaveAttribute('data-count', '44');
});

test('a speaker model whose attention pooling ignores the lengths shows its pooling weights on padding', async ({
  page,
}) => {
  await drop(page, ['speaker-pool-nomask.onnx']);
  await expect(page.getByTestId('onnx-verdict')).toHaveAttribute('data-verdict', 'drifts');
  await expect(page.getByTestId('onnx-verdict')).toContainText('Mask input: lengths');
  await expect(page.getByTestId('onnx-other-taps')).toContainText(/Pooling weights .* leaks/);
  // Read as `maskscope check` reads a dump: the self-attention is masked, the pooling is not.
  await expect(page.getByTestId('onnx-attention-family')).toHaveAttribute('data-family', 'correct');
  await expect(page.getByTestId('onnx-pooling-family')).toHaveAttribute(
    'data-family',
    'missing-key-mask',
  );
  await expect(page.getByTestId('onnx-pooling-family')).toContainText('read as BK');
});
