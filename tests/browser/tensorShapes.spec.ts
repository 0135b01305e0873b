// "Your tensors" end to end on attention that is not square self-attention (issue 26): each
// PyTorch fixture of tests/fixtures/dumps-shapes dropped on the page gets its layout and bug
// family, and every head is drawn — cross-attention as [Tq, Tk] rectangles, a decoding step
// as one row, pooling weights as a strip with its padded frames hatched — in the grid and in
// the detail view. One fixture of each kind exports as SVG, grid PNG and run JSON, and the run
// JSON dropped back reads as the same layout and family.
import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { attentionKindOf } from '../../src/dump/attentionKind';
import { checkDump } from '../../src/dump/checkDump';
import { dumpManifest, type DumpCase } from '../unit/helpers/dumpManifest';
import { drop, dropBytes, waitForCheck } from './tensorsPage';

const DIR = 'tests/fixtures/dumps-shapes';
const { cases, filesOf } = dumpManifest(DIR);

/** The kind, query rows and keys the Node check finds in a case: what the page must draw. */
function expectedOf(c: DumpCase) {
  const report = checkDump(filesOf(c));
  const [, batch, , queries, keys] = report.dump.shape;
  return { kind: attentionKindOf(report.layout, report.attention.shape), batch, queries, keys };
}

/** The label the detail view gives the first query row of each kind. */
const FIRST_QUERY_LABEL: Readonly<Record<string, string>> = {
  cross: 'q0',
  step: 'new token',
  pooling: 'pooled',
};

async function save(page: Page, testId: string): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ]);
  return { download, bytes: readFileSync(await download.path()) };
}

/** RGBA of pixel (x, y) of the first canvas matching `selector`. */
function pixelAt(page: Page, selector: string, x: number, y: number): Promise<number[]> {
  return page
    .locator(selector)
    .first()
    .evaluate(
      (canvas, at) => {
        const ctx = (canvas as HTMLCanvasElement).getContext('2d');
        return ctx === null ? [] : [...ctx.getImageData(at.x, at.y, 1, 1).data];
      },
      { x, y },
    );
}

/** Every RGBA byte of the first canvas matching `selector`. */
function canvasPixels(page: Page, selector: string): Promise<number[]> {
  return page
    .locator(selector)
    .first()
    .evaluate((canvas) => {
      const drawn = canvas as HTMLCanvasElement;
      const ctx = drawn.getContext('2d');
      return ctx === null ? [] : [...ctx.getImageData(0, 0, drawn.width, drawn.height).data];
    });
}

test.beforeEach(async ({ page }) => {
  await page.goto('/?backend=wasm');
  await page.getByTestId('source-tensors').click();
});

for (const c of cases) {
  test(`${c.name} is read as ${c.layout} ${c.family} and every head is drawn`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const expected = expectedOf(c);
    await drop(page, c.files[0] ?? '', DIR);
    expect(await waitForCheck(page)).toMatchObject({ layout: c.layout, family: c.family });
    await expect(page.getByTestId('dump-report')).toHaveAttribute('data-layout', c.layout);
    await expect(page.getByTestId('dump-draw-note')).toHaveCount(0);
    const cell = page.getByTestId('head-cell-0-0');
    const canvas = cell.locator('canvas');
    await expect(canvas).toHaveAttribute('data-query-kind', expected.kind);
    await expect(canvas).toHaveAttribute('data-queries', String(expected.queries));
    await expect(canvas).toHaveAttribute('data-seq-len', String(expected.keys));
    // One canvas pixel per cell: keys across, queries down, every cell painted opaque.
    const size = await canvas.evaluate((node) => {
      const drawn = node as HTMLCanvasElement;
      return [drawn.width, drawn.height];
    });
    expect(size).toEqual([expected.keys, expected.queries]);
    const corner = [expected.keys - 1, expected.queries - 1] as const;
    expect((await pixelAt(page, '[data-testid="head-cell-0-0"] canvas', ...corner))[3]).toBe(255);
    const hatches = cell.getByTestId('padding-hatch');
    if (expected.kind === 'pooling') expect(await hatches.count()).toBeGreaterThan(0);
    else await expect(hatches).toHaveCount(0);
    const strips = page.getByTestId('item-strips').getByRole('button');
    if (expected.kind === 'pooling') await expect(strips).toHaveCount(expected.batch);
    else await expect(strips).toHaveCount(0);
    const detail = page.getByTestId('head-detail-canvas');
    await expect(detail).toHaveAttribute('data-queries', String(expected.queries));
    await expect(page.getByTestId('detail-row-labels')).toContainText(
      FIRST_QUERY_LABEL[expected.kind] ?? '',
    );
    expect(errors).toEqual([]);
  });
}

for (const name of ['pooling_multihead_masked', 'cross_attention_no_mask', 'decode_step_no_mask']) {
  test(`${name} exports as SVG, grid PNG and a run JSON that reads back the same`, async ({
    page,
  }) => {
    const c = cases.find((entry) => entry.name === name);
    if (c === undefined) throw new Error(`no fixture ${name}`);
    const expected = expectedOf(c);
    await drop(page, c.files[0] ?? '', DIR);
    await waitForCheck(page);
    const svg = (await save(page, 'export-detail-svg')).bytes.toString('utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain(`>${FIRST_QUERY_LABEL[expected.kind] ?? ''}</text>`);
    const png = (await save(page, 'export-grid-png')).bytes;
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    const run = await save(page, 'export-run-json');
    await dropBytes(page, run.download.suggestedFilename(), run.bytes);
    expect(await waitForCheck(page)).toMatchObject({ layout: c.layout, family: c.family });
    await expect(page.getByTestId('head-cell-0-0').locator('canvas')).toHaveAttribute(
      'data-query-kind',
      expected.kind,
    );
  });
}

test('a click on an item of the pooling strips draws that item', async ({ page }) => {
  await drop(page, 'pooling_no_mask.npz', DIR);
  await waitForCheck(page);
  const drawn = page.locator('[data-testid^="item-strip-"][aria-pressed="true"]');
  const first = await drawn.getAttribute('data-testid');
  const other = first === 'item-strip-0' ? 'item-strip-1' : 'item-strip-0';
  const detail = '[data-testid="head-detail-canvas"]';
  const before = await canvasPixels(page, detail);
  await page.getByTestId(other).click();
  await waitForCheck(page);
  await expect(page.getByTestId(other)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('tensor-item')).toHaveValue(other.replace('item-strip-', ''));
  await expect.poll(() => canvasPixels(page, detail)).not.toEqual(before);
});
