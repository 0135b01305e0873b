// End-to-end checks of the whole user story in headless Chromium (WebGPU, on SwiftShader here,
// only where a test asks for it: 'auto' picks WASM on a software adapter):
// the app is driven through its data-testids and read through window.__maskscope and canvas
// pixels. Every request the page makes is recorded and must stay on the app's origin.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { snapshot, waitForRun, type Snapshot } from './appPage';
import { SEQUENTIAL_ZERO_RGBA } from '../../src/viz/colormaps';

const SENTENCE = 'the doctor said that [MASK] would be fine .';
const SCREENSHOT = 'test-results/screenshots/main.png';

/** Pixels of the detail canvas (T × T, one pixel per cell) and the padding flags [T]. */
interface Probe {
  readonly seqLen: number;
  readonly rgba: number[];
  readonly isPadding: boolean[];
}

async function probeDetail(page: Page): Promise<Probe> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="head-detail-canvas"]');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) throw new Error('no detail canvas');
    const seqLen = canvas.width;
    const rgba = [...ctx.getImageData(0, 0, seqLen, seqLen).data];
    const pieces = [...document.querySelectorAll('[data-testid="token-strip"] [data-t]')];
    const count = Number(
      document.querySelector('[data-testid="token-strip"]')?.getAttribute('data-count'),
    );
    const isPadding = Array.from({ length: count }, () => false);
    for (const chip of pieces) {
      if (!chip.classList.contains('ms-token--pad')) continue;
      const start = Number(chip.getAttribute('data-t'));
      const run = /×(\d+)/.exec(chip.textContent ?? '');
      const length = run ? Number(run[1]) : 1;
      for (let t = start; t < start + length; t++) isPadding[t] = true;
    }
    return { seqLen, rgba, isPadding };
  });
}

function pixel(probe: Probe, x: number, y: number): number[] {
  const at = (y * probe.seqLen + x) * 4;
  return probe.rgba.slice(at, at + 4);
}

/** Pixels (x, y) where x runs over `xs` and y over `ys`, compared with the zero colour. */
function countZero(probe: Probe, xs: number[], ys: number[]): { zero: number; total: number } {
  const zero = [...SEQUENTIAL_ZERO_RGBA];
  let count = 0;
  for (const y of ys)
    for (const x of xs) if (pixel(probe, x, y).every((v, i) => v === zero[i])) count++;
  return { zero: count, total: xs.length * ys.length };
}

function split(probe: Probe): { real: number[]; padding: number[] } {
  const real: number[] = [];
  const padding: number[] = [];
  probe.isPadding.forEach((isPad, t) => (isPad ? padding : real).push(t));
  return { real, padding };
}

async function setPadding(page: Page, pads: number): Promise<Snapshot> {
  await page.getByTestId('padding-input').fill(String(pads));
  const state = await waitForRun(page);
  expect(state.paddingLength).toBe(pads);
  return state;
}

let requests: string[] = [];

test.beforeEach(({ page }) => {
  requests = [];
  page.on('request', (request) => requests.push(request.url()));
});

test.afterEach(({ baseURL }) => {
  expect(requests.length).toBeGreaterThan(0);
  // The WASM threads are blob: workers of the page's own origin (the dev server is isolated).
  const origin = baseURL ?? '\u0000';
  const outside = requests.filter(
    (url) => !url.startsWith(origin) && !url.startsWith(`blob:${origin}`),
  );
  expect(outside, 'requests that left the origin').toEqual([]);
});

test('a typed sentence with 16 pads runs on WebGPU and the correct mask zeroes padding columns', async ({
  page,
}) => {
  await page.goto('/?backend=webgpu&scale=linear&pad=0');
  // The suite's first page: Vite's first transforms, the GPU process and its first shaders.
  await waitForRun(page, 120_000);
  await page.getByTestId('sentence-input').clear();
  await page.getByTestId('sentence-input').pressSequentially(SENTENCE);
  await setPadding(page, 16);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgpu');
  expect((await snapshot(page)).backend).toBe('webgpu');

  const correct = await probeDetail(page);
  const { real, padding } = split(correct);
  expect(padding).toHaveLength(16);
  expect(correct.seqLen).toBe(real.length + 16);
  // Rows = queries: pixel (x = key, y = query). Real rows' padding columns are exactly zero.
  expect(countZero(correct, padding, real)).toEqual({
    zero: real.length * 16,
    total: real.length * 16,
  });
  await expect(page.getByTestId('verdict-a')).toHaveAttribute('data-status', 'ok');

  await page.getByTestId('color-by-B').click();
  const unmasked = await probeDetail(page);
  expect(countZero(unmasked, padding, real).zero).toBe(0);
  await expect(page.getByTestId('verdict-b')).toHaveAttribute('data-status', 'broken');

  await page.getByTestId('color-by-A').click();
  await page.getByTestId('orientation-toggle').click();
  await expect(page.getByTestId('head-detail-canvas')).toHaveAttribute(
    'data-orientation',
    'rowsAreKeys',
  );
  const transposed = await probeDetail(page);
  // Rows = keys: pixel (x = query, y = key). The zeros moved from columns to rows.
  expect(countZero(transposed, real, padding)).toEqual({
    zero: real.length * 16,
    total: real.length * 16,
  });
  for (const y of real)
    for (const x of padding) expect(pixel(transposed, y, x)).toEqual(pixel(correct, x, y));
});

test('under the correct mask the [MASK] top-1 prediction is the same with 0 and with 16 pads', async ({
  page,
}) => {
  await page.goto(`/?pad=0&s=${encodeURIComponent(SENTENCE)}`);
  await waitForRun(page);
  const prediction = page.getByTestId('prediction-0');
  const top1AtZero = await prediction.getAttribute('data-top1-a');
  expect(top1AtZero).toBeTruthy();
  await setPadding(page, 16);
  expect(await prediction.getAttribute('data-top1-a')).toBe(top1AtZero);
  const drift = Number(await page.getByTestId('drift').getAttribute('data-drift-a'));
  expect(drift).toBeLessThanOrEqual(1e-5);

  await setPadding(page, 32);
  await page.mouse.move(0, 0);
  await page.getByTestId('app-root').screenshot({ path: SCREENSHOT });
});

test('the URL carries the state both ways and a reload restores it', async ({ page }) => {
  const query =
    's=a+cat+sat+on+the+%5BMASK%5D+.&pad=7&side=left&a=key-additive-1e9&b=query-axis&layer=1&head=2&axes=k&scale=linear';
  await page.goto(`/?${query}`);
  await waitForRun(page);
  await expect(page.getByTestId('sentence-input')).toHaveValue('a cat sat on the [MASK] .');
  await expect(page.getByTestId('padding-input')).toHaveValue('7');
  await expect(page.getByTestId('padding-side')).toHaveValue('left');
  // key-additive-1e9 became the constant -1e9 of the correct key mask; old links still open it.
  await expect(page.getByTestId('mode-a')).toHaveValue('key-additive');
  await expect(page.getByTestId('constant-a')).toHaveValue('-1000000000');
  await expect(page.getByTestId('verdict-a')).toContainText('Correct key mask (c = -1e9)');
  await expect(page.getByTestId('mode-b')).toHaveValue('query-axis');
  await expect(page.getByTestId('orientation-toggle')).toHaveAttribute('data-value', 'rowsAreKeys');
  await expect(page.getByTestId('scale-toggle')).toHaveAttribute('data-value', 'linear');
  await expect(page.getByTestId('head-detail')).toHaveAttribute('data-layer', '1');
  await expect(page.getByTestId('head-detail')).toHaveAttribute('data-head', '2');

  await page.getByTestId('sentence-input').fill('the dog [MASK] home .');
  await page.getByTestId('padding-input').fill('3');
  await page.getByTestId('padding-side').selectOption('right');
  await page.getByTestId('mode-b').selectOption('no-mask');
  await page.getByTestId('head-detail').focus(); // the shortcuts work where the heads are
  await page.keyboard.press('t');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowUp');
  await waitForRun(page);
  const params = new URL(page.url()).searchParams;
  expect(Object.fromEntries(params)).toEqual({
    s: 'the dog [MASK] home .',
    pad: '3',
    ca: '-1000000000',
    head: '3',
    scale: 'linear',
  });

  await page.reload();
  await waitForRun(page);
  await expect(page.getByTestId('sentence-input')).toHaveValue('the dog [MASK] home .');
  await expect(page.getByTestId('padding-input')).toHaveValue('3');
  await expect(page.getByTestId('head-detail')).toHaveAttribute('data-head', '3');
});

test('switching to WASM loads its binaries from /wasm/ on the same origin', async ({
  page,
  baseURL,
}) => {
  await page.goto('/?pad=4&backend=cpu');
  await waitForRun(page);
  expect(requests.filter((url) => url.endsWith('.wasm'))).toEqual([]);
  await page.getByTestId('backend-select').selectOption('wasm');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm');
  await waitForRun(page);
  const wasm = requests.filter((url) => url.endsWith('.wasm'));
  expect(wasm.length).toBeGreaterThan(0);
  for (const url of wasm) expect(url.startsWith(`${baseURL}wasm/`)).toBe(true);
});

test('bad input shows a message and the app keeps working', async ({ page }) => {
  await page.goto('/');
  await waitForRun(page);
  await page.getByTestId('sentence-input').fill('   ');
  await expect(page.getByTestId('error-banner')).toContainText('empty');
  await page
    .getByTestId('sentence-input')
    .fill(Array.from({ length: 200 }, () => 'word').join(' '));
  await expect(page.getByTestId('error-banner')).toContainText(/\d+ tokens long .* at most \d+/);
  await page.getByTestId('sentence-input').fill(SENTENCE);
  await page.getByTestId('padding-input').fill('999');
  await expect(page.getByTestId('error-banner')).toContainText('does not fit');
  const state = await waitForRun(page);
  expect(state.seqLen).toBeLessThanOrEqual(128);
});

test('a hostile config.json beside the real model files is refused at once and the app keeps working', async ({
  page,
}) => {
  await page.goto('/');
  await waitForRun(page);
  const folder = 'public/models/maskscope-brown';
  const config = JSON.parse(readFileSync(`${folder}/config.json`, 'utf8')) as object;
  await page.getByTestId('model-files').setInputFiles([
    {
      name: 'config.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...config, num_hidden_layers: 1_000_000 })),
    },
    ...['vocab.txt', 'model.safetensors'].map((name) => ({
      name,
      mimeType: 'application/octet-stream',
      buffer: readFileSync(`${folder}/${name}`),
    })),
  ]);
  await expect(page.getByTestId('error-banner')).toContainText(
    'field "num_hidden_layers" is 1000000, expected a positive integer up to 1,000',
    { timeout: 10_000 },
  );
  await page.getByTestId('sentence-input').fill('the cat sat on the [MASK] .');
  const state = await waitForRun(page);
  expect(state.seqLen).toBeGreaterThan(0);
});

test('results that no longer match the input are dimmed and labelled until fresh ones arrive', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&pad=8');
  await waitForRun(page);
  const root = page.getByTestId('app-root');
  await expect(root).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('stale-notice')).toHaveCount(0);
  await page.getByTestId('sentence-input').fill('');
  await expect(root).toHaveAttribute('data-stale', 'true');
  await expect(page.getByTestId('results')).toHaveClass(/is-stale/);
  await expect(page.getByTestId('stale-notice')).toContainText('fix the input');
  const banner = page.getByTestId('error-banner');
  await expect(banner).toContainText('empty');
  await expect(banner).not.toContainText('remove');
  await page
    .getByTestId('sentence-input')
    .fill(Array.from({ length: 200 }, () => 'word').join(' '));
  await expect(banner).toContainText('remove');
  await expect(banner).not.toContainText('empty');
  await expect(root).toHaveAttribute('data-stale', 'true');
  await page.getByTestId('sentence-input').fill(SENTENCE);
  await waitForRun(page);
  await expect(root).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('results')).not.toHaveClass(/is-stale/);
});

test('a worker that dies is replaced, the banner says so, and the run is repeated', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&pad=8');
  const before = await waitForRun(page);
  const [worker] = page.workers();
  if (worker === undefined) throw new Error('no inference worker');
  // The worker ends itself, as a crash would: no message, no error event.
  await worker.evaluate(() => (globalThis as unknown as { close(): void }).close());
  await expect(page.getByTestId('error-banner')).toContainText(/worker stopped.*new one/);
  await expect
    .poll(async () => {
      const state = await snapshot(page);
      return state.runPhase === 'done' && state.latestRunId > before.latestRunId;
    })
    .toBe(true);
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', 'done');
  await expect(page.getByTestId('verdict-a')).toHaveAttribute('data-status', 'ok');
});

test('NaN results render without React warnings and say there is no ranking', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') warnings.push(message.text());
  });
  await page.goto(`/?backend=wasm&pad=6&b=neg-inf-fully-masked&s=${encodeURIComponent(SENTENCE)}`);
  await waitForRun(page);
  await expect(page.getByTestId('verdict-b')).toContainText('NaN');
  await expect(page.getByTestId('prediction-0')).toContainText('B has NaN logits: no ranking');
  await expect(page.getByTestId('prediction-0')).toContainText('NaN: no ranking.');
  await expect(page.getByTestId('prediction-0')).not.toContainText('NaN%');
  expect(warnings.filter((text) => /NaN/.test(text))).toEqual([]);
});

test.describe('what the screen says', () => {
  const AT_43_TOKENS = `/?backend=wasm&pad=32&s=${encodeURIComponent(SENTENCE)}`;

  /** Texts of the token labels on one axis of the detail view. */
  function axisLabels(page: Page, axis: 'row' | 'column'): Promise<string[]> {
    return page.getByTestId(`detail-${axis}-labels`).locator('.tick text').allTextContents();
  }

  test('the detail view labels special tokens and the hovered row, and can hide padding query rows', async ({
    page,
  }) => {
    await page.goto(AT_43_TOKENS);
    await waitForRun(page);
    // The labels are drawn in the animation frame after each change, so they are polled.
    await expect
      .poll(() => axisLabels(page, 'row'))
      .toEqual(expect.arrayContaining(['[CLS]', '[MASK]', '[SEP]']));
    // "said" (t = 3) sits between two labels; hovering its row labels it.
    expect(await axisLabels(page, 'row')).not.toContain('said');
    const plot = await page.getByTestId('head-detail-canvas').boundingBox();
    if (plot === null) throw new Error('no detail canvas');
    const cellPx = plot.width / 43;
    await page.locator('.ms-detail__hit').hover({ position: { x: 1.5 * cellPx, y: 3.5 * cellPx } });
    await expect(page.getByTestId('detail-tooltip')).toHaveAttribute('data-query', '3');
    await expect.poll(() => axisLabels(page, 'row')).toContain('said');

    await page.mouse.move(0, 0);
    await page.getByTestId('padding-queries-toggle').click();
    const canvas = page.getByTestId('head-detail-canvas');
    await expect(canvas).toHaveAttribute('data-queries', '11');
    expect(await canvas.evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([43, 11]);
    await expect.poll(() => axisLabels(page, 'row')).not.toContain('[PAD]');
    expect(new URL(page.url()).searchParams.get('rows')).toBe('real');
    await page
      .getByTestId('head-detail')
      .screenshot({ path: 'test-results/screenshots/detail-real-rows.png' });
  });

  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    test(`at ${width} px the colour bar stays beside the detail heatmap and no mode name is cut off`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height });
      await page.goto(`${AT_43_TOKENS}&a=after-softmax&b=left-pad-arange`);
      await waitForRun(page);
      const plot = await page.getByTestId('head-detail-canvas').boundingBox();
      const bar = await page.getByTestId('colorbar').boundingBox();
      if (plot === null || bar === null) throw new Error('no detail plot or colour bar');
      expect(bar.x).toBeGreaterThanOrEqual(plot.x + plot.width);
      expect(bar.y).toBeLessThan(plot.y + plot.height);
      const names = page.locator('.ms-predictions__column h4, .ms-drift__row dt');
      expect(await names.count()).toBe(4);
      for (const name of await names.all()) {
        const fits = await name.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
        expect(fits, (await name.textContent()) ?? '').toBe(true);
      }
      await expect(page.getByTestId('drift')).toContainText('Mask after softmax, not renormalised');
      await expect(page.getByTestId('predictions')).toContainText(
        'Left padding with arange position ids',
      );
      await page.mouse.move(0, 0);
      await page.screenshot({
        path: `test-results/screenshots/display-${width}.png`,
        fullPage: true,
      });
    });
  }

  test('after softmax, not renormalised: every head of its grid flags rows that do not sum to 1', async ({
    page,
  }) => {
    await page.goto(`${AT_43_TOKENS}&b=after-softmax`);
    await waitForRun(page);
    const flagged = (pane: string) =>
      page.getByTestId(pane).locator('[data-testid^="head-cell-"][data-sum-off="true"]');
    await expect(flagged('grid-right')).toHaveCount(16);
    await expect(flagged('grid-left')).toHaveCount(0);
    for (const caption of await flagged('grid-right')
      .locator('.ms-head-cell__leak')
      .allTextContents()) {
      expect(caption).toMatch(/^Σ0\.\d+ /);
    }
    await page.getByTestId('grid-view-diff').first().click();
    await expect(flagged('grid-left')).toHaveCount(16);
  });

  test('the left-padding position bug switches to left padding, or says why right padding hides it', async ({
    page,
  }) => {
    await page.goto(AT_43_TOKENS);
    await waitForRun(page);
    await expect(page.getByTestId('formula-a')).toHaveText('softmax(S + K(1-m)·(-1e4))');
    await expect(page.getByTestId('formula-notation')).toContainText('K(x) x laid along the keys');
    await page.getByTestId('mode-b').selectOption('left-pad-arange');
    await expect(page.getByTestId('padding-side')).toHaveValue('left');
    await expect(page.getByTestId('side-note-b')).toHaveCount(0);
    await page.getByTestId('padding-side').selectOption('right');
    await expect(page.getByTestId('side-note-b')).toContainText('exactly like the correct mask');
  });

  test('the focus moves with the arrow-key selection instead of staying on the clicked head', async ({
    page,
  }) => {
    await page.goto(AT_43_TOKENS);
    await waitForRun(page);
    const grid = page.getByTestId('grid-left');
    await grid.getByTestId('head-cell-0-0').click();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await expect(grid.getByTestId('head-cell-1-1')).toHaveAttribute('data-selected', 'true');
    await expect(grid.getByTestId('head-cell-1-1')).toBeFocused();
  });

  test('before the first run the drift is pending, not red', async ({ page }) => {
    await page.route('**/*.safetensors', () => undefined); // the model never arrives
    await page.goto('/?backend=wasm');
    const row = page.getByTestId('drift-a');
    await expect(row).toHaveAttribute('data-status', 'pending');
    await expect(row).toContainText('not run yet');
    const color = await row.locator('dd').evaluate((el) => getComputedStyle(el).color);
    expect(color).not.toBe('rgb(180, 35, 24)'); // --ms-bad
  });
});
