// Every catalogue entry runs in the app: picked in mode B's picker (which switches the padding
// side and the attention numerics the entry needs; entries that need none keep the current
// ones), it is painted, its formula is shown with the numerics that run, and no note says the
// run hides it. WASM backend, a short padded sentence.
import { expect, test } from '@playwright/test';
import { formulaOfEntry, MASK_CATALOGUE } from '../../src/masks/catalogue';
import { DEFAULT_NUMERICS } from '../../src/masks/numerics';
import { waitForRun } from './appPage';

const START = `/?backend=wasm&pad=6&s=${encodeURIComponent('the doctor said that [MASK] would be fine .')}`;

test('every catalogue entry can be picked, runs, and shows its formula with its numerics', async ({
  page,
}) => {
  await page.goto(START);
  await waitForRun(page);
  let numerics = DEFAULT_NUMERICS;
  for (const entry of MASK_CATALOGUE) {
    await page.getByTestId('mode-b').selectOption(entry.id);
    await waitForRun(page);
    numerics = entry.numerics ?? numerics;
    await expect(page.getByTestId('formula-b'), entry.id).toHaveText(
      formulaOfEntry({ ...entry, numerics }),
    );
    await expect(page.getByTestId('precision'), entry.id).toHaveValue(numerics.precision);
    await expect(page.getByTestId('causal'), entry.id).toBeChecked({ checked: numerics.isCausal });
    await expect(page.getByTestId('score-scale'), entry.id).toHaveValue(
      String(numerics.scoreScale),
    );
    if (entry.paddingSide === 'left') {
      await expect(page.getByTestId('padding-side'), entry.id).toHaveValue('left');
    }
    await expect(page.getByTestId('side-note-b'), entry.id).toHaveCount(0);
    await expect(page.getByTestId('numerics-note-b'), entry.id).toHaveCount(0);
    await expect(page.getByTestId('verdict-b'), entry.id).toBeVisible();
    // The default mode B (no mask) is left out of the URL.
    const inUrl = new URL(page.url()).searchParams.get('b') ?? 'no-mask';
    expect(inUrl, entry.id).toBe(entry.id);
  }
});

test('fp16 with -1e9 on both axes turns padding rows NaN, fp32 keeps them finite, and the URL says which', async ({
  page,
}) => {
  await page.goto(`${START}&b=both-axes&cb=-1000000000`);
  await waitForRun(page);
  await expect(page.getByTestId('verdict-b')).not.toContainText('NaN');
  await page.getByTestId('precision').selectOption('fp16');
  await waitForRun(page);
  await expect(page.getByTestId('verdict-b')).toContainText('NaN');
  expect(new URL(page.url()).searchParams.get('prec')).toBe('fp16');
  await page.getByTestId('causal').check();
  await waitForRun(page);
  expect(new URL(page.url()).searchParams.get('causal')).toBe('1');
  await page.reload();
  await waitForRun(page);
  await expect(page.getByTestId('precision')).toHaveValue('fp16');
  await expect(page.getByTestId('causal')).toBeChecked();
});
