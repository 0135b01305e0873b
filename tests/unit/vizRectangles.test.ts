// Drawing attention that is not square (issue 26): cross-attention [Tq, Tk], one-query decoding
// steps and pooling weights [1, T] laid out, summed, picked and exported as rectangles with keys
// across and queries down, and the query axis of their own the views read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryAxisOf } from '../../app/store/heatmapSelectors';
import { analyseSide, type Analysis } from '../../src/analysis/analysis';
import { attentionOf } from '../../src/analysis/attentionMaps';
import { headRect } from '../../src/export/gridFigure';
import { pickRows, querySums } from '../../src/viz/headViews';
import { computeDetailLayout, computeLayout, MIN_QUERY_PX } from '../../src/viz/layout';

describe('the overview grid of heads that are not square', () => {
  it('gives cross-attention boxes keys wide and queries tall, with square cells', () => {
    const layout = computeLayout({ layers: 1, heads: 4, seqLen: 12, queries: 5, widthPx: 960 });
    expect(layout.boxWidthPx).toBe(layout.cellPx * 12);
    expect(layout.boxHeightPx).toBe(layout.cellPx * 5);
    expect(layout.headPx).toBe(layout.boxWidthPx);
  });

  it('keeps a one-row strip at least MIN_QUERY_PX tall, and stacks strips by their height', () => {
    const layout = computeLayout({ layers: 3, heads: 1, seqLen: 200, queries: 1, widthPx: 960 });
    expect(layout.cellPx).toBeLessThan(1);
    expect(layout.boxHeightPx).toBe(MIN_QUERY_PX);
    const [first, second] = [layout.boxes[0]!, layout.boxes[1]!];
    expect(second.y - first.y).toBe(MIN_QUERY_PX + layout.captionPx + layout.gapPx);
  });

  it('swaps the box when the keys run down', () => {
    const spec = { layers: 1, heads: 2, seqLen: 12, queries: 5, widthPx: 960 };
    const across = computeLayout(spec);
    const down = computeLayout({ ...spec, orientation: 'rowsAreKeys' });
    expect([down.boxWidthPx, down.boxHeightPx]).toEqual([across.boxHeightPx, across.boxWidthPx]);
  });

  it('fits the longer axis in the box when queries outnumber keys', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        (queries, seqLen) => {
          const layout = computeLayout({ layers: 1, heads: 1, seqLen, queries, widthPx: 400 });
          const longest = Math.max(layout.boxWidthPx, layout.boxHeightPx);
          expect(longest).toBeLessThanOrEqual(160);
          expect(layout.headPx).toBeCloseTo(layout.cellPx * seqLen, 9);
        },
      ),
    );
  });
});

describe('the detail view of a head that is not square', () => {
  it('fits a tall cross-attention (more queries than keys) in the plot side', () => {
    const layout = computeDetailLayout({
      seqLen: 4,
      queries: 40,
      orientation: 'rowsAreQueries',
      maxPlotPx: 400,
    });
    expect(layout.queries).toBe(40);
    expect(layout.plot.height).toBeLessThanOrEqual(400);
    expect(layout.plot.width).toBe(layout.cellPx * 4);
  });
});

describe('sums and rows of a [Tq, Tk] head', () => {
  const head = Float32Array.from([0.5, 0.5, 0, 0.25, 0.25, 0.25]); // [2, 3]

  it('sums each of the Tq rows over the keys', () => {
    expect([...querySums(head, 3)]).toEqual([1, 0.75]);
  });

  it('picks query rows by their own index and refuses one past Tq', () => {
    expect([...pickRows(head, 3, [1])]).toEqual([0.25, 0.25, 0.25]);
    expect(pickRows(head, 3, [0, 1])).toBe(head);
    expect(() => pickRows(head, 3, [2])).toThrow(/row 2 is outside the 2×3 matrix/);
  });
});

describe('a head in the exported grid picture', () => {
  const square = { x: 10, y: 20, size: 120 };

  it('draws cross-attention keys across, queries down, in the top-left of its square', () => {
    expect(headRect(square, 5, 12, 'rowsAreQueries')).toEqual({
      ...{ x: 10, y: 20 },
      ...{ width: 120, height: 50 },
    });
    expect(headRect(square, 5, 12, 'rowsAreKeys')).toEqual({
      x: 10,
      y: 20,
      width: 50,
      height: 120,
    });
  });

  it('keeps a pooling strip visible and a square head square', () => {
    expect(headRect(square, 1, 200, 'rowsAreQueries').height).toBe(MIN_QUERY_PX);
    expect(headRect(square, 8, 8, 'rowsAreQueries')).toEqual({
      x: 10,
      y: 20,
      width: 120,
      height: 120,
    });
  });
});

function analysisOf(queries: Analysis['queries']): Analysis {
  const keep = Int32Array.from([1, 1, 0]);
  const rows = queries === undefined ? 3 : queries.labels.length;
  const data = new Float32Array(rows * 3).fill(1 / 3);
  const side = analyseSide(attentionOf(data, 1, 1, 3, rows), keep);
  return {
    mask: keep,
    labels: ['a', 'b', '[PAD]'],
    ...(queries === undefined ? {} : { queries }),
    a: side,
    b: null,
    totalMs: 0,
    forwardMs: null,
    referenceMs: 0,
  };
}

describe('the query axis the views draw', () => {
  const padding = Uint8Array.from([0, 0, 1]);

  it('is the keys for self-attention, their padding hidden when asked', () => {
    const axis = queryAxisOf(analysisOf(undefined), padding, true);
    expect(axis.queries).toEqual([0, 1]);
    expect(axis.queryLabels).toEqual(['a', 'b', '[PAD]']);
    expect(axis.queryPadding).toBe(padding);
    expect(axis.queryKind).toBeNull();
  });

  it('is its own for cross-attention: every query shown and real, hidden padding or not', () => {
    const own = { kind: 'cross', labels: ['q0', 'q1', 'q2', 'q3'] } as const;
    const axis = queryAxisOf(analysisOf(own), padding, true);
    expect(axis.queries).toEqual([0, 1, 2, 3]);
    expect(axis.queryLabels).toEqual(own.labels);
    expect([...axis.queryPadding]).toEqual([0, 0, 0, 0]);
    expect(axis.queryKind).toBe('cross');
  });
});
