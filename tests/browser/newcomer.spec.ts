// Rough edges a newcomer hit (issue 23): what a click in a grid pane opens, where the keyboard
// shortcuts apply and how the segmented controls take the keyboard.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { waitForRun } from './appPage';

const START = `/?backend=wasm&pad=8&b=no-mask`;

test('a click on a head in the B grid opens the detail view coloured by B', async ({ page }) => {
  await page.goto(START);
  await waitForRun(page);
  await expect(page.getByTestId('predictions-legend')).toContainText('highlighted: the other mode');
  await page.getByTestId('grid-right').getByTestId('head-cell-1-2').click();
  await expect(page.getByTestId('head-detail')).toHaveAttribute('data-layer', '1');
  await expect(page.getByTestId('color-by')).toHaveAttribute('data-value', 'B');
  // The head export is the head as looked at: B's leak, not A's correct mask.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-detail-svg').click(),
  ]);
  expect(readFileSync(await download.path(), 'utf8')).toMatch(/class="subtitle"[^>]*>B = /);
  await page.getByTestId('grid-left').getByTestId('head-cell-0-1').click();
  await expect(page.getByTestId('color-by')).toHaveAttribute('data-value', 'A');
});

test('the arrow keys scroll the page unless the focus is on the heads', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(START);
  await waitForRun(page);
  const detail = page.getByTestId('head-detail');
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('ArrowDown');
  await expect(detail).toHaveAttribute('data-layer', '0');
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  await detail.focus();
  await page.keyboard.press('ArrowDown');
  await expect(detail).toHaveAttribute('data-layer', '1');
});

test('the A / B / A − B control is one Tab stop that the arrow keys move through', async ({
  page,
}) => {
  await page.goto(START);
  await waitForRun(page);
  const colorBy = page.getByTestId('color-by');
  await expect(colorBy.locator('[tabindex="0"]')).toHaveCount(1);
  await page.getByTestId('color-by-A').focus();
  await page.keyboard.press('ArrowRight');
  await expect(colorBy).toHaveAttribute('data-value', 'B');
  await expect(page.getByTestId('color-by-B')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(colorBy).toHaveAttribute('data-value', 'diff');
  await expect(page.getByTestId('head-detail')).toHaveAttribute('data-layer', '0');
});

test('the page fits a 390 px phone and the detail heatmap takes its width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(START);
  await waitForRun(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const plot = await page.getByTestId('head-detail-canvas').boundingBox();
  expect(plot?.width ?? 0).toBeGreaterThan(160); // 114 px beside a 400 px colour bar before
});
