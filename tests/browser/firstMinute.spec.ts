// A newcomer's first minute with the app: what a fresh page shows, and what a malformed or
// out-of-range link does. 'auto' runs here, so on this machine (WebGPU on SwiftShader) it is WASM.
import { expect, test } from '@playwright/test';
import { DEFAULT_PADDING } from '../../app/store/inputSlice';
import { snapshot, waitForRun } from './appPage';

test('the first screen runs on WASM past the software adapter, with padding that shows the mask bug', async ({
  page,
}) => {
  await page.goto('/');
  const state = await waitForRun(page);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('backend-choice')).toHaveText(
    /^auto chose WASM: WebGPU and WebGL run on a software adapter here/,
  );
  expect(state.paddingLength).toBe(DEFAULT_PADDING);
  await expect(page.getByTestId('padding-input')).toHaveValue(String(DEFAULT_PADDING));
  await expect(page.getByTestId('verdict-a')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('verdict-b')).toHaveAttribute('data-status', 'broken');
  expect(new URL(page.url()).search).toBe('');
});

for (const query of ['s=the+doctor+%E4%BD', 's=%FF%FE']) {
  test(`a link with a value that is not UTF-8 (${query}) renders, ignores the value and says so`, async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`/?${query}&pad=4`);
    await waitForRun(page);
    await expect(page.getByTestId('sentence-input')).toHaveValue(
      'the doctor said that [MASK] would be fine .',
    );
    await expect(page.getByTestId('error-banner')).toContainText(
      '"s" value is not valid percent-encoded UTF-8',
    );
    expect(new URL(page.url()).search).toBe('?pad=4');
    expect(errors).toEqual([]);
  });
}

test('out-of-range padding in a link is clamped with a notice, as in the padding box', async ({
  page,
}) => {
  const banner = page.getByTestId('error-banner');
  await page.goto('/?pad=99999');
  const clamped = await waitForRun(page);
  expect(clamped.paddingLength).toBeGreaterThan(0);
  await expect(banner).toContainText(`Padding 99999 does not fit`);
  await expect
    .poll(() => new URL(page.url()).searchParams.get('pad'))
    .toBe(String(clamped.paddingLength));

  await page.goto('/?pad=-5');
  expect((await waitForRun(page)).paddingLength).toBe(0);
  await expect(banner).toContainText('Padding -5 is below 0, so 0 pads are used.');
  await expect.poll(() => new URL(page.url()).searchParams.get('pad')).toBe('0');

  await page.getByTestId('padding-input').fill('4');
  await waitForRun(page);
  await expect(banner).toHaveCount(0);
  await page.getByTestId('padding-input').fill('-5');
  await expect(banner).toContainText('Padding -5 is below 0, so 0 pads are used.');
  expect((await waitForRun(page)).paddingLength).toBe(0);
});

test('a link to an unknown model says it fell back to the default one', async ({ page }) => {
  await page.goto('/?model=unknown&pad=4');
  await waitForRun(page);
  await expect(page.getByTestId('error-banner')).toContainText(
    'The link asks for model "unknown", which models/index.json does not list',
  );
  expect((await snapshot(page)).runPhase).toBe('done');
  expect(new URL(page.url()).searchParams.get('model')).toBeNull();
});
