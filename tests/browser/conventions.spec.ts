// "Which convention does your API use?" end to end in headless Chromium: no model is needed
// (the padding meant is typed). An HF-style attention_mask given to nn.MultiheadAttention's
// key_padding_mask is named inverted, with the two keep-matrices drawn and their difference
// highlighted; the flipped polarity is correct.
import { expect, test, type Page } from '@playwright/test';

/** RGB of the built matrix's cell (query, key): canvas pixel (x = key, y = query). */
async function cell(page: Page, testId: string, query: number, key: number): Promise<number[]> {
  return page.getByTestId(testId).evaluate(
    (canvas, [q, k]) => {
      const ctx = (canvas as HTMLCanvasElement).getContext('2d');
      return Array.from(ctx?.getImageData(k ?? 0, q ?? 0, 1, 1).data ?? []).slice(0, 3);
    },
    [query, key],
  );
}

async function openPanel(page: Page): Promise<void> {
  await page.goto('/?backend=wasm&pad=2');
  const card = page.getByTestId('conventions');
  await card.locator('summary').click();
  await expect(page.getByTestId('convention-api')).toBeVisible();
  await page.getByTestId('convention-meant').fill('1 1 1 0 0');
}

test('an HF attention_mask given to key_padding_mask is inverted; the flipped mask is correct', async ({
  page,
}) => {
  await openPanel(page);
  await page.getByTestId('convention-api').selectOption('torch-mha-key-padding');
  await page.getByTestId('convention-typed').fill('1 1 1 0 0');
  await page.getByTestId('convention-dtype').selectOption('bool');
  const verdict = page.getByTestId('convention-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'inverted');
  await expect(verdict).toContainText(
    'inverted polarity: key_padding_mask=True means IGNORE, your array is True at real tokens',
  );
  await expect(page.getByTestId('convention-built')).toBeVisible();
  await expect(page.getByTestId('convention-intended')).toBeVisible();
  await expect(page.getByTestId('convention-differing')).toHaveAttribute('data-cells', '25');
  // Real key 0 is masked (blocked, red) in the built matrix and attended (teal) in the meant one.
  expect(await cell(page, 'convention-built', 0, 0)).toEqual([192, 57, 43]);
  expect(await cell(page, 'convention-built', 0, 4)).toEqual([242, 142, 43]);
  expect(await cell(page, 'convention-intended', 0, 0)).toEqual([31, 111, 139]);
  expect(await cell(page, 'convention-intended', 0, 4)).toEqual([232, 232, 232]);

  // As an int64 tensor PyTorch refuses it outright, and the page says what .bool() would do.
  await page.getByTestId('convention-dtype').selectOption('auto');
  await expect(verdict).toHaveAttribute('data-verdict', 'refused');
  await expect(verdict).toContainText('only bool and floating types');
  await expect(verdict).toContainText('inverted polarity');

  await page.getByTestId('convention-typed').fill('[[False, False, False, True, True]]');
  await expect(verdict).toHaveAttribute('data-verdict', 'correct');
  await expect(verdict).toContainText('correct');
  await expect(page.getByTestId('convention-differing')).toHaveAttribute('data-cells', '0');
  expect(await cell(page, 'convention-built', 0, 0)).toEqual([31, 111, 139]);
});

test('a typo names the bad token, and an additive mask cast to bool by HF is named', async ({
  page,
}) => {
  await openPanel(page);
  await page.getByTestId('convention-api').selectOption('hf-attention-mask');
  await page.getByTestId('convention-typed').fill('1 1 yes 0 0');
  const verdict = page.getByTestId('convention-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'error');
  await expect(verdict).toContainText("'yes' (character 5)");
  await page.getByTestId('convention-typed').fill('0 0 0 -1e4 -1e4');
  await expect(verdict).toHaveAttribute('data-verdict', 'bool-cast');
  await expect(verdict).toContainText('bool cast of an additive mask: 0 → False, -10000 → True');
});

test("the current sentence's padding, in the polarity the code uses, is checked against itself", async ({
  page,
}) => {
  await page.goto('/?backend=wasm&pad=3');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-run-state', 'done');
  await page.getByTestId('conventions').locator('summary').click();
  await page.getByRole('radio', { name: 'Current padding', exact: true }).check();
  await page.getByTestId('convention-api').selectOption('torch-mha-key-padding');
  const verdict = page.getByTestId('convention-verdict');
  await page.getByTestId('convention-polarity').selectOption('bool-true-real');
  await expect(verdict).toHaveAttribute('data-verdict', 'inverted');
  await expect(
    page.getByText(/Meant: the current sentence: \d+ real tokens \+ 3 padding/),
  ).toBeVisible();
  await page.getByTestId('convention-polarity').selectOption('bool-true-pad');
  await expect(verdict).toHaveAttribute('data-verdict', 'correct');
  await page.getByTestId('convention-api').selectOption('hf-attention-mask');
  await expect(verdict).toHaveAttribute('data-verdict', 'inverted');
});

/** .npy bytes (format 1.0, little-endian float32, C order). */
function npy(data: Float32Array, shape: readonly number[]): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const head = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, 0]);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(data.buffer)]);
}

test('a mask saved with np.save is read from a file', async ({ page }) => {
  await openPanel(page);
  await page.getByTestId('convention-api').selectOption('torch-sdpa-attn-mask');
  await page.getByRole('radio', { name: 'File', exact: true }).check();
  const additive = Float32Array.from([0, 0, 0, -Infinity, -Infinity]);
  await page.getByTestId('convention-file').setInputFiles({
    name: 'attn_mask.npy',
    mimeType: 'application/octet-stream',
    buffer: npy(additive, [1, 1, 5]),
  });
  const verdict = page.getByTestId('convention-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'correct');
  await page.getByTestId('convention-api').selectOption('hf-attention-mask');
  await expect(verdict).toHaveAttribute('data-verdict', 'refused');
  await expect(verdict).toContainText('[B, 5]');
  await page.getByTestId('convention-api').selectOption('flax-mha-mask');
  await expect(verdict).toHaveAttribute('data-verdict', 'bool-cast');
});

for (const [width, height] of [
  [1440, 900],
  [1024, 700],
] as const) {
  test(`the panel fits a ${width}×${height} window with both matrices in view`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    await openPanel(page);
    await page.getByTestId('convention-typed').fill('[[True, True, True, False, False]]');
    await expect(page.getByTestId('convention-verdict')).toHaveAttribute(
      'data-verdict',
      'inverted',
    );
    const card = page.getByTestId('conventions');
    expect(await card.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    for (const id of ['convention-built', 'convention-intended']) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box?.width).toBe(162); // 160 CSS pixels and a 1-pixel border
      expect((box?.x ?? Infinity) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
    }
  });
}
