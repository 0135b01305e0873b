import { describe, expect, it } from 'vitest';
import { gridFigureLayout } from '../../src/export/gridFigure';

describe('grid picture layout', () => {
  it('puts every head square inside the picture, none overlapping, panes side by side', () => {
    const layout = gridFigureLayout({ layers: 4, heads: 4, seqLen: 19, panes: 2 });
    const squares = [0, 1].flatMap((pane) =>
      [0, 1, 2, 3].flatMap((layer) => [0, 1, 2, 3].map((head) => layout.square(pane, layer, head))),
    );
    expect(layout.headPx).toBe(64);
    for (const s of squares) {
      expect(s.x).toBeGreaterThanOrEqual(0);
      expect(s.y).toBeGreaterThanOrEqual(layout.gridTopPx);
      expect(s.x + s.size).toBeLessThanOrEqual(layout.widthPx);
      expect(s.y + s.size).toBeLessThanOrEqual(layout.heightPx);
    }
    for (let i = 0; i < squares.length; i++) {
      for (let j = i + 1; j < squares.length; j++) {
        const [a, b] = [squares[i], squares[j]];
        if (a === undefined || b === undefined) continue;
        const isApart =
          a.x + a.size <= b.x || b.x + b.size <= a.x || a.y + a.size <= b.y || b.y + b.size <= a.y;
        expect(isApart).toBe(true);
      }
    }
    expect(layout.square(1, 0, 0).x).toBeGreaterThan(layout.square(0, 0, 3).x + layout.headPx);
  });

  it('gives long sequences bigger squares, up to 160 px', () => {
    expect(gridFigureLayout({ layers: 1, heads: 1, seqLen: 40, panes: 1 }).headPx).toBe(120);
    expect(gridFigureLayout({ layers: 12, heads: 12, seqLen: 512, panes: 1 }).headPx).toBe(160);
  });
});
