// Export end to end in headless Chromium (WASM backend): each button of the Export bar saves a
// file through a real download, and the file holds what it says: a PNG of plausible size, an
// SVG with the token labels as <text>, a CSV with one record per head, and JSON that "Your
// tensors" reads back in the same page. Copy link puts the address on the clipboard, or shows
// it selected where there is no clipboard. Every object URL made for a download is revoked.
import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { waitForRun } from './appPage';

const SENTENCE = 'the doctor said that [MASK] would be fine .';

/** Counts object URLs made and revoked, installed before the app loads. */
function trackObjectUrls(): void {
  const live = new Set<string>();
  const create = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (object: Blob | MediaSource) => {
    const url = create(object);
    live.add(url);
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    live.delete(url);
    revoke(url);
  };
  (window as unknown as { __liveObjectUrls: () => number }).__liveObjectUrls = () => live.size;
}

async function save(page: Page, testId: string): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ]);
  const path = await download.path();
  return { download, bytes: readFileSync(path) };
}

/** Width and height from a PNG's IHDR, after checking the 8-byte signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The <text> contents of an SVG as the browser parses it (null if it does not parse). */
function svgTexts(page: Page, svg: string): Promise<string[] | null> {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    if (doc.querySelector('parsererror') !== null || doc.documentElement.nodeName !== 'svg')
      return null;
    return [...doc.querySelectorAll('text')].map((node) => node.textContent ?? '');
  }, svg);
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.beforeEach(async ({ page }) => {
  await page.addInitScript(trackObjectUrls);
  await page.goto(`/?backend=wasm&s=${encodeURIComponent(SENTENCE)}&pad=8`);
  await waitForRun(page);
});

test('the head heatmap saves as SVG with its labels as text and as a PNG', async ({ page }) => {
  await page.getByTestId('head-cell-2-1').first().click();
  await expect(page.getByTestId('head-detail')).toHaveAttribute('data-layer', '2');
  const svg = await save(page, 'export-detail-svg');
  expect(svg.download.suggestedFilename()).toBe('maskscope-L2-H1-keyAdditive-vs-noMask.svg');
  const texts = await svgTexts(page, svg.bytes.toString('utf8'));
  expect(texts).not.toBeNull();
  expect(texts?.[0]).toBe('maskscope-brown · layer 2 · head 1');
  expect(texts?.[1]).toMatch(/^A = Correct key mask.* · 8 pads \(right\)$/);
  for (const token of ['[CLS]', 'doctor', '[MASK]', '[SEP]', '[PAD]']) {
    // Every label twice at least: once per axis.
    expect(texts?.filter((text) => text === token).length ?? 0).toBeGreaterThanOrEqual(2);
  }
  expect(texts).toContain(
    `weight under A, ${await page.getByTestId('scale-toggle').getAttribute('data-value')} scale`,
  );
  const png = await save(page, 'export-detail-png');
  expect(png.download.suggestedFilename()).toBe('maskscope-L2-H1-keyAdditive-vs-noMask.png');
  const { width, height } = pngSize(png.bytes);
  expect(width).toBeGreaterThan(400);
  expect(width).toBeLessThan(4000);
  expect(height).toBeGreaterThan(400);
  await expect(page.getByTestId('export-feedback')).toContainText('Saved maskscope-L2-H1');
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { __liveObjectUrls: () => number }).__liveObjectUrls(),
      ),
    )
    .toBe(0);
});

test('the grid saves as PNG and the leak table as CSV with one record per head', async ({
  page,
}) => {
  const heads = await page.getByTestId('grid-left').locator('[data-testid^="head-cell-"]').count();
  expect(heads).toBe(16); // maskscope-brown: 4 layers × 4 heads
  const grid = await save(page, 'export-grid-png');
  expect(grid.download.suggestedFilename()).toBe('maskscope-grid-keyAdditive-vs-noMask.png');
  const { width, height } = pngSize(grid.bytes);
  expect(width).toBeGreaterThan(1000); // two panes of 4 heads side by side, at 2× pixels
  expect(height).toBeGreaterThan(500);
  const csv = await save(page, 'export-leak-csv');
  expect(csv.download.suggestedFilename()).toBe('maskscope-leak-keyAdditive-vs-noMask.csv');
  const records = csv.bytes.toString('utf8').split('\r\n');
  expect(records.pop()).toBe('');
  expect(records[0]).toMatch(
    /^layer,head,"leak mean \(share of row weight\), A = Correct key mask/,
  );
  expect(records).toHaveLength(1 + heads);
  // Under no mask (B) the padding leaks; under the correct mask (A) it does not.
  const [, , leakMeanA, , , , leakMeanB] = records[1]?.split(',') ?? [];
  expect(Number(leakMeanA)).toBe(0);
  expect(Number(leakMeanB)).toBeGreaterThan(0);
});

test('the run saves as JSON that loads back into Your tensors with its tokens', async ({
  page,
}) => {
  const file = await save(page, 'export-run-json');
  expect(file.download.suggestedFilename()).toBe('maskscope-run-keyAdditive-vs-noMask.json');
  const json = JSON.parse(file.bytes.toString('utf8')) as {
    format: string;
    arrays: { attentions: { shape: number[]; axes: string[] } };
    input: { text: string; padding: number };
    modes: { A: { id: string; formula: string }; B: { id: string } };
    tokens: string[];
  };
  expect(json.format).toBe('maskscope-run/1');
  expect(json.input).toMatchObject({ text: SENTENCE, padding: 8 });
  expect(json.modes.A.id).toBe('key-additive');
  expect(json.modes.B.id).toBe('no-mask');
  const seqLen = json.tokens.length;
  expect(json.arrays.attentions).toEqual(
    expect.objectContaining({
      shape: [4, 1, 4, seqLen, seqLen],
      axes: ['layer', 'batch', 'head', 'query', 'key'],
    }),
  );
  await page.getByTestId('source-tensors').click();
  const transfer = await page.evaluateHandle(
    ({ name, data }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], name));
      return dt;
    },
    { name: file.download.suggestedFilename(), data: [...file.bytes] },
  );
  await page.getByTestId('tensors-drop').dispatchEvent('drop', { dataTransfer: transfer });
  await expect
    .poll(() =>
      page.evaluate(() => {
        const s = (
          window as unknown as {
            __maskscope: {
              getState(): { tensorPhase: string; family: string | null; layout: string | null };
            };
          }
        ).__maskscope.getState();
        return `${s.tensorPhase} ${s.layout} ${s.family}`;
      }),
    )
    .toBe('done LBHQK correct');
  await expect(page.getByTestId('dump-report')).toHaveAttribute('data-family', 'correct');
  // The tokens label the axes without being typed.
  await expect(page.getByTestId('head-detail')).toContainText('doctor');
  // And the Export bar works on the tensors too.
  const csv = await save(page, 'export-leak-csv');
  expect(csv.download.suggestedFilename()).toBe(
    'maskscope-leak-maskscopeRunKeyAdditiveVsNoMask.csv',
  );
});

test('copy link puts the address on the clipboard and says so', async ({ page }) => {
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link-status')).toHaveText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());
  expect(copied).toContain('pad=8');
});

test('without a clipboard, copy link shows the address selected in a text field', async ({
  page,
}) => {
  await page.evaluate(() => {
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
  });
  await page.getByTestId('copy-link').click();
  const field = page.getByTestId('copy-link-field');
  await expect(field).toHaveValue(page.url());
  await expect(field).toBeFocused();
  const selected = await field.evaluate((input: HTMLInputElement) =>
    input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0),
  );
  expect(selected).toBe(page.url());
});

test('an <svg> chart on the page saves as a standalone file with its CSS looks inlined', async ({
  page,
}) => {
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = '.demo-bar { fill: rgb(10, 20, 30); } .demo-label { font-size: 17px; }';
    document.head.append(style);
    const host = document.createElement('div');
    host.innerHTML =
      '<svg data-testid="demo-chart" width="120" height="40"><rect class="demo-bar" width="50" height="10"/><text class="demo-label" y="30">pad = 8 &amp; 16</text></svg>';
    document.body.append(host);
  });
  // The page imports the app's own module from the Vite dev server.
  const text = await page.evaluate(async (path) => {
    const module = (await import(path)) as {
      serialiseSvgElement: (svg: SVGSVGElement) => string;
    };
    const svg = document.querySelector<SVGSVGElement>('svg[data-testid="demo-chart"]');
    if (svg === null) throw new Error('no demo chart');
    return module.serialiseSvgElement(svg);
  }, '/app/export/svgElement.ts');
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  expect(text).toMatch(/<rect[^>]*style="[^"]*fill: ?rgb\(10, 20, 30\)/);
  expect(await svgTexts(page, text)).toEqual(['pad = 8 & 16']);
  // downloadSvg saves the same text as a file, and revokes its object URL.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.evaluate(async (path) => {
      const module = (await import(path)) as {
        downloadSvg: (svg: SVGSVGElement, fileName: string) => void;
      };
      const svg = document.querySelector<SVGSVGElement>('svg[data-testid="demo-chart"]');
      if (svg !== null) module.downloadSvg(svg, 'maskscope-demo.svg');
    }, '/app/export/svgElement.ts'),
  ]);
  expect(download.suggestedFilename()).toBe('maskscope-demo.svg');
  expect(readFileSync(await download.path(), 'utf8')).toBe(text);
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { __liveObjectUrls: () => number }).__liveObjectUrls(),
      ),
    )
    .toBe(0);
});

test('a head too long for rects rasterises to PNG with its embedded cells drawn', async ({
  page,
}) => {
  // 200 tokens (over MAX_RECT_CELLS): the left half of the keys weighs 1/100, the rest 0 (grey).
  const probe = await page.evaluate(
    async ({ svgPath, downloadPath, scalePath }) => {
      const { heatmapSvg } = (await import(
        svgPath
      )) as typeof import('../../src/export/heatmapSvg');
      const { svgToPng } = (await import(
        downloadPath
      )) as typeof import('../../app/export/download');
      const { createColorScale } = (await import(
        scalePath
      )) as typeof import('../../src/viz/colorScale');
      const seqLen = 200;
      const matrix = new Float32Array(seqLen * seqLen);
      for (let q = 0; q < seqLen; q++) matrix.fill(1 / 100, q * seqLen, q * seqLen + 100);
      const figure = heatmapSvg({
        title: 'long',
        subtitle: 'head',
        matrix,
        queries: Array.from({ length: seqLen }, (_, t) => t),
        seqLen,
        labels: Array.from({ length: seqLen }, (_, t) => `t${t}`),
        padding: new Uint8Array(seqLen),
        orientation: 'rowsAreQueries',
        scale: createColorScale({ palette: 'sequential', kind: 'linear' }),
        legendTitle: 'w',
      });
      const blob = await svgToPng(figure.svg, figure.widthPx, figure.heightPx, 1);
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d');
      if (ctx === null) throw new Error('no canvas');
      ctx.drawImage(bitmap, 0, 0);
      // The plot's corner: find it from the rect drawn around the cells.
      const frame = /<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)" fill="none"/.exec(
        figure.svg,
      );
      const [x, y, w, h] = (frame?.slice(1) ?? []).map(Number) as [number, number, number, number];
      const at = (px: number, py: number) => [...ctx.getImageData(px, py, 1, 1).data];
      return {
        left: at(x + Math.round(w / 4), y + Math.round(h / 2)),
        right: at(x + Math.round((3 * w) / 4), y + Math.round(h / 2)),
      };
    },
    {
      svgPath: '/src/export/heatmapSvg.ts',
      downloadPath: '/app/export/download.ts',
      scalePath: '/src/viz/colorScale.ts',
    },
  );
  expect(probe.right).toEqual([0xcf, 0xcf, 0xcf, 255]); // exact zero: the grey
  // 1/100 on a linear scale is near viridis' dark-purple end (#440154), not white background.
  const [r = 255, g = 255, b = 255, a = 0] = probe.left;
  expect(r + g + b).toBeLessThan(300);
  expect(a).toBe(255);
});
