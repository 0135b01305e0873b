// A page that renders the heatmap components on synthetic attention, without a model:
// open /bench/gridDemo.html?layers=12&heads=12&seqLen=128&pads=32 on the dev server.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { HeadDetail } from '../app/components/HeadDetail/HeadDetail';
import type { ColorBy } from '../app/components/HeadDetail/DetailControls';
import { HeadGrid, type GridView } from '../app/components/HeadGrid/HeadGrid';
import { leakScores } from '../src/diagnostics/leak';
import type { HeadRef } from '../src/viz/attention';
import type { ScaleKind } from '../src/viz/colorScale';
import type { Orientation } from '../src/viz/layout';
import { syntheticAttention, syntheticPadding } from './gridSynthetic';

const params = new URLSearchParams(window.location.search);
const number = (name: string, fallback: number): number => Number(params.get(name) ?? fallback);
const layers = number('layers', 4);
const heads = number('heads', 4);
const seqLen = number('seqLen', 24);
const padCount = number('pads', 8);

const spec = { layers, heads, seqLen, padCount, seed: 7 };
const a = syntheticAttention({ ...spec, isMasked: true });
const b = syntheticAttention({ ...spec, isMasked: false });
const padding = syntheticPadding(seqLen, padCount);
const attentionMask = Int32Array.from(padding, (isPad) => 1 - isPad);
const leaks = {
  a: leakScores(a.data, a.shape, attentionMask),
  b: leakScores(b.data, b.shape, attentionMask),
};
const words = 'the doctor said that [MASK] would be fine .'.split(' ');
const pieces = Array.from({ length: seqLen }, (_, i) =>
  i === 0
    ? '[CLS]'
    : i >= seqLen - padCount
      ? '[PAD]'
      : i === seqLen - padCount - 1
        ? '[SEP]'
        : (words[(i - 1) % words.length] ?? '?'),
);

function Demo() {
  const [selected, setSelected] = useState<HeadRef>({ layer: 0, head: 0 });
  const [view, setView] = useState<GridView>('A');
  const [orientation, setOrientation] = useState<Orientation>('rowsAreQueries');
  const [scale, setScale] = useState<ScaleKind>('linear');
  const [colorBy, setColorBy] = useState<ColorBy>('A');
  const [hovered, setHovered] = useState<number | null>(null);
  return (
    <div style={{ display: 'grid', gap: 24 }}>
      <HeadGrid
        a={a}
        b={b}
        batchIndex={0}
        padding={padding}
        leakA={leaks.a}
        leakB={leaks.b}
        selected={selected}
        onSelect={setSelected}
        view={view}
        onViewChange={setView}
        orientation={orientation}
        scale={scale}
        labelA="Correct key mask"
        labelB="No mask"
        highlightToken={hovered}
      />
      <HeadDetail
        a={a}
        b={b}
        batchIndex={0}
        head={selected}
        pieces={pieces}
        padding={padding}
        orientation={orientation}
        onOrientationChange={setOrientation}
        scale={scale}
        onScaleChange={setScale}
        colorBy={colorBy}
        onColorByChange={setColorBy}
        highlightToken={hovered}
        onHoverCell={(cell) => setHovered(cell?.query ?? null)}
        labelA="Correct key mask"
        labelB="No mask"
      />
    </div>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Demo />
    </StrictMode>,
  );
}
