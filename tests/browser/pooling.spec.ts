// The pooling auditor and the taint test in the real app (WASM backend, the default model).
import { expect, test } from '@playwright/test';
import { waitForRun } from './appPage';

const SENTENCE = 'the cat sat on the [MASK] .';

test.describe.configure({ timeout: 120_000 });

test('the pooling auditor shows masked mean unchanged and unmasked mean drifting under padding', async ({
  page,
}) => {
  await page.goto(
    `/?backend=wasm&pad=6&a=key-additive&b=no-mask&s=${encodeURIComponent(SENTENCE)}`,
  );
  await waitForRun(page, 90_000);
  const auditor = page.getByTestId('pooling-auditor');
  await auditor.getByRole('button', { name: /pooling audit/ }).click();
  await expect(auditor).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  for (const side of ['right', 'left']) {
    await expect(page.getByTestId(`pooling-a-mean-masked-${side}`)).toHaveAttribute(
      'data-status',
      'ok',
    );
    await expect(page.getByTestId(`pooling-a-mean-unmasked-${side}`)).toHaveAttribute(
      'data-status',
      'bad',
    );
    // No encoder mask (mode B): even the masked pooling drifts, the bugs compound.
    await expect(page.getByTestId(`pooling-b-mean-masked-${side}`)).toHaveAttribute(
      'data-status',
      'bad',
    );
  }
  // CLS: fine under right padding, a pad under left padding without the mask.
  await expect(page.getByTestId('pooling-a-cls-unmasked-right')).toHaveAttribute(
    'data-status',
    'ok',
  );
  await expect(page.getByTestId('pooling-a-cls-unmasked-left')).toHaveAttribute(
    'data-status',
    'bad',
  );
  const relative = Number(
    await page.getByTestId('pooling-a-mean-unmasked-right').getAttribute('data-relative'),
  );
  expect(relative).toBeGreaterThan(1e-3);
  // The masked mean's strip gives the pads no weight; the unmasked one gives each 1/T.
  const masked = page.getByTestId('strip-mean-masked').locator('.is-pad').first();
  await expect(masked).toHaveAttribute('data-weight', '0');
  const unmasked = page.getByTestId('strip-mean-unmasked').locator('.is-pad').first();
  expect(Number(await unmasked.getAttribute('data-weight'))).toBeGreaterThan(0);
});

test('the taint test: the float32-min key mask passes 1e4, after-softmax fails NaN and 1e4', async ({
  page,
}) => {
  await page.goto(
    `/?backend=wasm&pad=4&a=key-additive-f32-min&b=after-softmax&s=${encodeURIComponent(SENTENCE)}`,
  );
  await waitForRun(page, 90_000);
  const check = page.getByTestId('taint-check');
  await check.getByRole('button', { name: /taint test/ }).click();
  await expect(check).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('taint-a-100')).toHaveAttribute('data-status', 'pass');
  await expect(page.getByTestId('taint-a-1e4')).toHaveAttribute('data-status', 'pass');
  await expect(page.getByTestId('taint-a-NaN')).toHaveAttribute('data-status', 'fail');
  await expect(page.getByTestId('taint-b-1e4')).toHaveAttribute('data-status', 'fail');
  await expect(page.getByTestId('taint-b-NaN')).toHaveAttribute('data-status', 'fail');
  await expect(page.getByTestId('taint-b-NaN')).toContainText('NaN');
  await expect(page.getByTestId('taint-a-1e4')).toHaveAttribute('data-max', '0');
});

test('on a second checkpoint (tiny-random) at 1024 px the audit runs and the page does not scroll sideways', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(`/?backend=wasm&pad=5&model=tiny-random&s=${encodeURIComponent('the cat sat')}`);
  await waitForRun(page, 90_000);
  const auditor = page.getByTestId('pooling-auditor');
  await auditor.getByRole('button', { name: /pooling audit/ }).click();
  await expect(auditor).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('pooling-a-mean-masked-left')).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('pooling-a-mean-unmasked-left')).toHaveAttribute(
    'data-status',
    'bad',
  );
  // The strips label every position: 3 words + [CLS] + [SEP] + 5 pads.
  await expect(page.getByTestId('strip-mean-masked').locator('.ms-strip__cell')).toHaveCount(10);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  // Changing the input marks the shown audit out of date.
  await page.getByTestId('padding-input').fill('3');
  await expect(auditor).toHaveAttribute('data-stale', 'true');
  await expect(auditor.getByRole('status')).toContainText('Out of date');
});
