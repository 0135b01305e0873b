// The seed-000 model (issue 14) in the app: picked from the model list, it opens in the mode it
// was trained with (mask on the query axis, c = -∞) beside the correct key mask, with padding,
// and the predictions, the drift and the padding sweep show the collapse and the fix.
import { expect, test } from '@playwright/test';
import { snapshot, waitForRun } from './appPage';

const MODEL = 'maskscope-brown-queryinf';
const SENTENCE = 'the man went to the [MASK] to buy some bread .';

test('the seed-000 model opens in its own bug: NaN under A from the first pads, B recovers', async ({
  page,
}) => {
  await page.goto(`/?backend=wasm&pad=0&s=${encodeURIComponent(SENTENCE)}`);
  await waitForRun(page);

  await page.getByTestId('model-select').selectOption(MODEL);
  await expect(page.getByTestId('model-description')).toContainText(
    '0% from 3 pads under its own mask',
  );
  await expect.poll(async () => (await snapshot(page)).paddingLength).toBe(16);
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (
            window as unknown as { __maskscope: { getState(): { modelSource: string | null } } }
          ).__maskscope.getState().modelSource,
      ),
    )
    .toMatch(new RegExp(`models/${MODEL}$`));
  await waitForRun(page);

  // A is the trained bug, B the fix.
  const columns = page.getByTestId('prediction-0').locator('.ms-predictions__column');
  await expect(columns.nth(0)).toContainText('Mask on the query axis (c = -∞)');
  await expect(columns.nth(0)).toContainText('NaN: no ranking.');
  await expect(columns.nth(1)).not.toContainText('NaN');
  await expect(columns.nth(1).locator('li')).toHaveCount(5);
  await expect(page.getByTestId('drift-a')).toHaveAttribute('data-status', 'bad');
  await expect(page.getByTestId('drift-b')).toHaveAttribute('data-status', 'ok');

  // The sweep: A is NaN from its first padded step on; B never moves.
  await page.getByTestId('sweep-step-input').fill('8');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep')).toHaveAttribute('data-sweep-phase', 'done', {
    timeout: 120_000,
  });
  const steps = page.getByTestId('sweep-chart').getByTestId('sweep-step');
  await steps.nth(1).hover();
  const readout = page.getByTestId('sweep-readout');
  await expect(readout).toHaveAttribute('data-pads', '8');
  // A's padding rows are NaN from layer 0, so the real rows leak there and are NaN from layer 1.
  await expect(page.getByTestId('sweep-divergence-a')).toContainText('first diverges at layer L0');
  await expect(page.getByTestId('sweep-divergence-b')).toContainText('no layer diverges');
  await expect(readout).toContainText('A max ‖Δh‖/‖h‖ NaN');
  await expect(readout).not.toContainText('B max ‖Δh‖/‖h‖ NaN');
});
