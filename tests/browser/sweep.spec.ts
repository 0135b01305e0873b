// The padding sweep end to end on WASM: run it on demand, read the chart, click a padding and see
// the app run that padding; the chart is a standalone SVG.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { snapshot, waitForRun } from './appPage';

test('the sweep runs on demand and a click on a padding shows that padding', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto('/?backend=wasm&pad=0');
  const first = await waitForRun(page);
  expect(first.backend).toBe('wasm');
  const realTokens = first.seqLen ?? 0;

  await page.getByTestId('sweep-step-input').fill('40');
  await page.getByTestId('sweep-run').click();
  const sweep = page.getByTestId('sweep');
  await expect(sweep).toHaveAttribute('data-sweep-phase', 'done');
  await expect(page.getByTestId('sweep-status')).toContainText('0 to');

  const chart = page.getByTestId('sweep-chart');
  const steps = chart.getByTestId('sweep-step');
  const pads = await steps.evaluateAll((els) =>
    els.map((el) => Number(el.getAttribute('data-pads'))),
  );
  expect(pads.slice(0, 3)).toEqual([0, 40, 80]);
  expect(pads.at(-1)).toBe(128 - realTokens); // the default model takes 128 positions
  // Fits the narrow window: scaled down, not cut off.
  const box = await chart.boundingBox();
  expect(box?.width ?? Infinity).toBeLessThanOrEqual(1024);

  // Hovering reads out the nearest padding.
  await steps.nth(2).hover();
  await expect(page.getByTestId('sweep-readout')).toHaveAttribute('data-pads', '80');
  await expect(page.getByTestId('sweep-cursor')).toHaveAttribute('x1', /\d/); // a 0-wide line: attached, never "visible"

  // Clicking a padding sets the app's padding and the run shows it.
  await steps.nth(1).click();
  await expect(page.getByTestId('padding-input')).toHaveValue('40');
  const run = await waitForRun(page);
  expect(run.paddingLength).toBe(40);
  expect(run.seqLen).toBe(realTokens + 40);
  // The drift reads relative to the hidden-state norm as well.
  await expect(page.getByTestId('drift-b')).toContainText('of ‖h‖');
  await expect(page.getByTestId('drift')).toHaveAttribute('data-rel-drift-b', /\d/);
  // The run on screen is a swept padding: the note says where each mode first diverges.
  await expect(page.getByTestId('divergence-a')).toContainText(/diverges|no layer diverges/);

  // The chart is a standalone SVG document with a title and axis labels.
  const svg = await chart.evaluate((el) => el.outerHTML);
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(svg).toContain('<title>');
  expect(svg).toContain('padding tokens added (pads)');
  const parsed = await page.evaluate(
    (text) => new DOMParser().parseFromString(text, 'image/svg+xml').querySelector('parsererror'),
    svg,
  );
  expect(parsed).toBeNull();

  // "Download SVG" beside the chart saves that chart as a standalone file.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-svg-sweep-chart').click(),
  ]);
  expect(download.suggestedFilename()).toBe('maskscope-sweep.svg');
  const saved = readFileSync(await download.path()).toString('utf8');
  expect(saved).toContain('padding tokens added (pads)');
  const savedError = await page.evaluate(
    (text) => new DOMParser().parseFromString(text, 'image/svg+xml').querySelector('parsererror'),
    saved,
  );
  expect(savedError).toBeNull();
  expect((await snapshot(page)).runPhase).toBe('done');
});
