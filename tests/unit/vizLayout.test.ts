import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellAt, computeDetailLayout, computeLayout, displayPosition } from '../../src/viz/layout';
import { labelledPositions, specialPositions } from '../../src/viz/axisLabels';

const EPS = 1e-9;

describe('overview grid layout', () => {
  it('every head square and its caption fit inside the grid for any T ≤ 512 and L, H ≤ 16', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 512 }),
        fc.integer({ min: 0, max: 4000 }),
        (layers, heads, seqLen, widthPx) => {
          const layout = computeLayout({ layers, heads, seqLen, widthPx });
          expect(layout.boxes).toHaveLength(layers * heads);
          expect(layout.headPx).toBeGreaterThan(0);
          expect(Math.abs(layout.cellPx * seqLen - layout.headPx)).toBeLessThan(EPS * seqLen);
          for (const box of layout.boxes) {
            expect(box.x).toBeGreaterThanOrEqual(layout.rowLabelPx);
            expect(box.y).toBeGreaterThanOrEqual(layout.columnLabelPx);
            expect(box.x + layout.headPx).toBeLessThanOrEqual(layout.width + EPS);
            expect(box.y + layout.headPx + layout.captionPx).toBeLessThanOrEqual(
              layout.height + EPS,
            );
          }
        },
      ),
    );
  });

  it('heads never overlap: neighbours are a head plus a gap apart', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 2, max: 16 }),
        fc.integer({ min: 1, max: 512 }),
        fc.integer({ min: 0, max: 4000 }),
        (layers, heads, seqLen, widthPx) => {
          const layout = computeLayout({ layers, heads, seqLen, widthPx });
          const [first, second] = layout.boxes;
          expect(second!.x - first!.x).toBeGreaterThanOrEqual(layout.headPx + layout.gapPx - EPS);
          if (layers > 1) {
            const below = layout.boxes[heads]!;
            expect(below.y - first!.y).toBeGreaterThanOrEqual(layout.headPx + layout.captionPx);
          }
        },
      ),
    );
  });

  it('the grid stays within the available width unless heads hit their minimum size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 512 }),
        fc.integer({ min: 200, max: 4000 }),
        (heads, seqLen, widthPx) => {
          const layout = computeLayout({ layers: 2, heads, seqLen, widthPx, minHeadPx: 40 });
          if (layout.headPx > 40) expect(layout.width).toBeLessThanOrEqual(widthPx);
        },
      ),
    );
  });

  it('cells are whole pixels when a head is at least one pixel per token', () => {
    const layout = computeLayout({ layers: 2, heads: 2, seqLen: 16, widthPx: 300 });
    expect(Number.isInteger(layout.cellPx)).toBe(true);
    expect(layout.headPx).toBe(layout.cellPx * 16);
  });

  it('BERT-base at 128 tokens on a 1200 px page gives 144 heads of equal size', () => {
    const layout = computeLayout({ layers: 12, heads: 12, seqLen: 128, widthPx: 1200 });
    expect(layout.boxes).toHaveLength(144);
    expect(layout.width).toBeLessThanOrEqual(1200);
    expect(layout.cellPx).toBeLessThan(1);
  });
});

describe('detail layout', () => {
  it('the plot and the sum strip fit inside the layout and do not overlap for any T ≤ 512', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 512 }),
        fc.constantFrom('rowsAreQueries' as const, 'rowsAreKeys' as const),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 64, max: 2000 }),
        (seqLen, orientation, labelChars, maxPlotPx) => {
          const layout = computeDetailLayout({ seqLen, orientation, labelChars, maxPlotPx });
          const { plot, sums } = layout;
          expect(plot.width).toBeLessThanOrEqual(maxPlotPx + EPS);
          expect(Math.abs(layout.cellPx * seqLen - plot.width)).toBeLessThan(EPS * seqLen);
          expect(plot.x + plot.width).toBeLessThanOrEqual(layout.width + EPS);
          expect(plot.y + plot.height).toBeLessThanOrEqual(layout.height + EPS);
          expect(sums.x + sums.width).toBeLessThanOrEqual(layout.width + EPS);
          expect(sums.y + sums.height).toBeLessThanOrEqual(layout.height + EPS);
          const sumsBesideRows = sums.x >= plot.x + plot.width;
          const sumsUnderColumns = sums.y >= plot.y + plot.height;
          expect(sumsBesideRows).toBe(orientation === 'rowsAreQueries');
          expect(sumsUnderColumns).toBe(orientation === 'rowsAreKeys');
          expect(layout.labelEvery * layout.cellPx).toBeGreaterThanOrEqual(layout.fontPx);
        },
      ),
    );
  });

  it('shrinks the matrix so labels, matrix and sums fit a narrow width (a 1024 px page)', () => {
    const wide = computeDetailLayout({ seqLen: 43, orientation: 'rowsAreQueries', maxPlotPx: 500 });
    const narrow = computeDetailLayout({
      seqLen: 43,
      orientation: 'rowsAreQueries',
      maxPlotPx: 500,
      maxWidthPx: 420,
    });
    expect(wide.width).toBeGreaterThan(420);
    expect(narrow.width).toBeLessThanOrEqual(420);
    expect(narrow.cellPx).toBeGreaterThanOrEqual(1);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 512 }),
        fc.constantFrom('rowsAreQueries' as const, 'rowsAreKeys' as const),
        fc.integer({ min: 300, max: 2000 }),
        (seqLen, orientation, maxWidthPx) => {
          const layout = computeDetailLayout({ seqLen, orientation, maxPlotPx: 640, maxWidthPx });
          expect(layout.width).toBeLessThanOrEqual(maxWidthPx + EPS);
        },
      ),
    );
  });

  it('with padding queries hidden the query side shrinks and the cells map to drawn queries', () => {
    const rows = computeDetailLayout({ seqLen: 40, queries: 10, orientation: 'rowsAreQueries' });
    expect(rows.plot.height).toBe(rows.cellPx * 10);
    expect(rows.plot.width).toBe(rows.cellPx * 40);
    expect(rows.sums.height).toBe(rows.plot.height);
    const { plot, cellPx } = rows;
    expect(cellAt(rows, plot.x + 39.5 * cellPx, plot.y + 9.5 * cellPx)).toEqual({
      query: 9,
      key: 39,
    });
    expect(cellAt(rows, plot.x + 1, plot.y + 10.5 * cellPx)).toBeNull();
    const columns = computeDetailLayout({ seqLen: 40, queries: 10, orientation: 'rowsAreKeys' });
    expect(columns.plot.width).toBe(columns.cellPx * 10);
    expect(columns.plot.height).toBe(columns.cellPx * 40);
    expect(columns.sums.width).toBe(columns.plot.width);
    const at = columns.plot;
    expect(cellAt(columns, at.x + 9.5 * columns.cellPx, at.y + 39.5 * columns.cellPx)).toEqual({
      query: 9,
      key: 39,
    });
  });

  it('the cell under each cell centre is that cell, in both orientations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom('rowsAreQueries' as const, 'rowsAreKeys' as const),
        fc.nat(),
        fc.nat(),
        (seqLen, orientation, q, k) => {
          const layout = computeDetailLayout({ seqLen, orientation });
          const cell = { query: q % seqLen, key: k % seqLen };
          const { row, column } = displayPosition(orientation, cell);
          const x = layout.plot.x + (column + 0.5) * layout.cellPx;
          const y = layout.plot.y + (row + 0.5) * layout.cellPx;
          expect(cellAt(layout, x, y)).toEqual(cell);
        },
      ),
    );
  });

  it('names the rows queries by default and keys when transposed', () => {
    const normal = computeDetailLayout({ seqLen: 8, orientation: 'rowsAreQueries' });
    const transposed = computeDetailLayout({ seqLen: 8, orientation: 'rowsAreKeys' });
    expect([normal.rowAxis, normal.columnAxis]).toEqual(['query', 'key']);
    expect([transposed.rowAxis, transposed.columnAxis]).toEqual(['key', 'query']);
  });

  it('points outside the plot hit no cell', () => {
    const layout = computeDetailLayout({ seqLen: 8, orientation: 'rowsAreQueries' });
    expect(cellAt(layout, layout.plot.x - 1, layout.plot.y + 1)).toBeNull();
    expect(cellAt(layout, layout.plot.x + 1, layout.plot.y + layout.plot.height + 1)).toBeNull();
  });
});

describe('token labels of the detail view', () => {
  it('at 43 tokens labelled every other row, [MASK] at an odd position keeps its label', () => {
    const labelled = labelledPositions(43, 2, [0, 5, 10]);
    expect(labelled).toEqual(expect.arrayContaining([0, 5, 10]));
    expect(labelled).not.toContain(4);
    expect(labelled).not.toContain(6);
  });

  it('pins the special tokens but not the padding', () => {
    expect(specialPositions(['[CLS]', 'a', '[MASK]', '##b', '[SEP]', '[PAD]', '[PAD]'])).toEqual([
      0, 2, 4,
    ]);
  });

  it('keeps every pinned position and spaces the others at least labelEvery apart', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat(299), { maxLength: 6 }),
        (count, every, pins) => {
          const pinned = pins.filter((p) => p < count);
          const labelled = labelledPositions(count, every, pinned);
          expect(labelled).toEqual(expect.arrayContaining(pinned));
          const others = labelled.filter((p) => !pinned.includes(p));
          for (const p of others) {
            for (const q of labelled)
              if (q !== p) expect(Math.abs(p - q)).toBeGreaterThanOrEqual(every);
          }
          // Nothing is left out that had room: every position is within labelEvery of a label.
          for (let p = 0; p < count; p += 1) {
            expect(labelled.some((q) => Math.abs(p - q) < every)).toBe(true);
          }
        },
      ),
    );
  });
});
