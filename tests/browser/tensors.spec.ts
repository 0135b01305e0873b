// "Your tensors" end to end in headless Chromium: a dump dropped on the page (a real drop event
// carrying the fixture's bytes) or chosen in the file picker is read in the worker, and the
// page says which axis is the query, which bug it is and how to fix it, and draws every head.
import { expect, test, type Page } from '@playwright/test';
import { drop as dropFile, waitForCheck } from './tensorsPage';

const DIR = 'tests/fixtures/dumps';

/** Drops `file` of the square fixtures (or of `dir`) on the drop zone. */
function drop(page: Page, file: string, dir = DIR): Promise<void> {
  return dropFile(page, file, dir);
}

test.beforeEach(async ({ page }) => {
  await page.goto('/?backend=wasm');
  await page.getByTestId('source-tensors').click();
});

test('a dropped dump of nn.MultiheadAttention called with attention_mask.bool() is named inverted', async ({
  page,
}) => {
  await drop(page, 'mha_inverted.npz');
  const state = await waitForCheck(page);
  expect(state).toMatchObject({ layout: 'BHQK', family: 'inverted' });
  const report = page.getByTestId('dump-report');
  await expect(report).toHaveAttribute('data-family', 'inverted');
  await expect(page.getByTestId('layout-finding')).toContainText(
    'so dim 3 is keys and dim 2 is queries',
  );
  await expect(page.getByTestId('dump-family')).toContainText('Inverted mask');
  await page.getByTestId('tensor-framework').selectOption('torch-mha');
  await waitForCheck(page);
  await expect(page.getByTestId('dump-fix')).toContainText(
    'key_padding_mask = attention_mask == 0',
  );
  await expect(page.getByTestId('head-cell-0-1')).toBeVisible();
  await expect(page.getByTestId('head-detail')).toBeVisible();
});

test('a DL4J dump (keys before queries) with typed lengths is found correct, with its axes named', async ({
  page,
}) => {
  await page.getByTestId('tensor-files').setInputFiles(`${DIR}/dl4j_keys_first.npy`);
  await expect(page.getByTestId('error-banner')).toContainText('no padding mask found');
  await page.getByTestId('tensor-mask-kind').selectOption('lengths');
  await page.getByTestId('tensor-lengths').fill('10,6');
  const state = await waitForCheck(page);
  expect(state).toMatchObject({ layout: 'BHKQ', family: 'correct' });
  await expect(page.getByTestId('layout-finding')).toContainText(
    'so dim 2 is keys and dim 3 is queries',
  );
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  // The first padded item (6 real tokens, 4 pads) is drawn: real rows give padding keys 0.
  const cell = page.getByTestId('head-cell-0-0');
  await expect(cell).toHaveAttribute('data-leak-max', '0');
});

test('two dumps of the same input are compared on their real tokens', async ({ page }) => {
  await page.getByTestId('compare-files').setInputFiles(`${DIR}/mha_key_padding_mask.npz`);
  await page.getByTestId('tensor-files').setInputFiles(`${DIR}/mha_key_padding_mask.npz`);
  await waitForCheck(page);
  await expect(page.getByTestId('dump-comparison')).toContainText('no drift');
  await expect(page.getByTestId('grid-right')).toBeVisible();
});

test('a new dump after a comparison is checked alone, and a comparison can be removed', async ({
  page,
}) => {
  await page.getByTestId('tensor-files').setInputFiles(`${DIR}/mha_key_padding_mask.npz`);
  await page.getByTestId('compare-files').setInputFiles(`${DIR}/mha_key_padding_mask.npz`);
  await waitForCheck(page);
  await expect(page.getByTestId('dump-comparison')).toContainText('no drift');
  // A dump of other layers, items and heads: with the old comparison it failed.
  await drop(page, 'multiplicative.npz');
  expect(await waitForCheck(page)).toMatchObject({ family: 'multiplicative' });
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  await expect(page.getByTestId('dump-comparison')).toHaveCount(0);
  await page.getByTestId('compare-files').setInputFiles(`${DIR}/multiplicative.npz`);
  await waitForCheck(page);
  await expect(page.getByTestId('dump-comparison')).toBeVisible();
  await page.getByTestId('remove-comparison').click();
  await waitForCheck(page);
  await expect(page.getByTestId('dump-comparison')).toHaveCount(0);
  await expect(page.getByTestId('tensors-opened')).not.toContainText('comparing with');
});

test('a file that is not a dump gets a message naming it, and the page keeps working', async ({
  page,
}) => {
  await page.getByTestId('tensor-files').setInputFiles({
    name: 'weights.pt',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from([0x80, 0x02, 0x7d, 0x71]),
  });
  await expect(page.getByTestId('error-banner')).toContainText(
    'weights.pt: a pickled PyTorch file',
  );
  await drop(page, 'multiplicative.npz');
  expect(await waitForCheck(page)).toMatchObject({ family: 'multiplicative' });
});

test('a sentence run through the loaded model tokenizer labels the real positions', async ({
  page,
}) => {
  await expect(page.getByTestId('tensor-tokens-kind')).toBeVisible();
  await page.getByTestId('tensor-files').setInputFiles(`${DIR}/bert_output_attentions.npz`);
  await waitForCheck(page);
  await page.getByTestId('tensor-item').fill('0');
  await page.getByTestId('tensor-tokens-kind').selectOption('sentence');
  await page.getByTestId('tensor-tokens').fill('the doctor said that [MASK] would be fine .');
  expect(await waitForCheck(page)).toMatchObject({ layout: 'LBHQK', family: 'correct' });
  const strip = page.getByTestId('token-strip');
  await expect(strip).toContainText('doctor');
  await expect(strip).toContainText('[MASK]');
  await expect(strip).toContainText('[PAD]');
});

test('a Run JSON whose mode B leaks is not read back clean: attentions_b is checked too', async ({
  page,
}) => {
  const masked = [
    [0.5, 0.3, 0.2, 0],
    [0.2, 0.5, 0.3, 0],
    [0.3, 0.2, 0.5, 0],
    [0.4, 0.3, 0.3, 0],
  ];
  const leaking = masked.map(([a = 0, b = 0, c = 0]) => [a * 0.8, b * 0.8, c * 0.8, 0.2]);
  const run = { attentions: [[masked]], attentions_b: [[leaking]], attention_mask: [[1, 1, 1, 0]] };
  await page.getByTestId('tensor-files').setInputFiles({
    name: 'run.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(run)),
  });
  expect(await waitForCheck(page)).toMatchObject({ family: 'correct' });
  await expect(page.getByTestId('dump-also-checked')).toContainText(
    "Also checked 'attentions_b' in run.json: ✗ missing-key-mask.",
  );
});
