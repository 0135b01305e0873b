import { attentionDims } from '../../../src/diagnostics/dims';
import { useCallback, useMemo, useRef } from 'react';
import {
  differenceOf,
  headViews,
  isSameShape,
  paddingRuns,
  type AttentionMaps,
  type HeadRef,
  type PaddingMask,
} from '../../../src/viz/attention';
import { createColorScale, niceMaxAbs, type ScaleKind } from '../../../src/viz/colorScale';
import type { LeakTable } from '../../../src/viz/format';
import { computeLayout, type Orientation } from '../../../src/viz/layout';
import { axisLegend } from '../../../src/viz/legend';
import { ColorBar } from '../ColorBar/ColorBar';
import { Segmented, type SegmentedOption } from '../Heatmap/Segmented';
import { HeadCell, leakCaption, leakTitle } from './HeadCell';
import { useElementWidth } from './useElementWidth';
import './HeadGrid.css';

/** Which maps the grid draws: mode A, mode B, or the difference A − B. */
export type GridView = 'A' | 'B' | 'diff';

/** Props of the overview grid (every layer × head of one batch row). */
export interface HeadGridProps {
  /** Attention under mode A, [L, B, H, T, T] (rows = queries), e.g. `EncoderOutput.attention`. */
  readonly a: AttentionMaps;
  /** Attention under mode B, same shape; null when only one mode has run. */
  readonly b: AttentionMaps | null;
  readonly batchIndex: number;
  /** Padding flags of the sequence [T], 1/true = padding. */
  readonly padding: PaddingMask;
  /** Leak scores [layer][head] for A and for B (from src/diagnostics), null when not computed. */
  readonly leakA: LeakTable | null;
  readonly leakB: LeakTable | null;
  readonly selected: HeadRef | null;
  readonly onSelect: (head: HeadRef) => void;
  readonly view: GridView;
  readonly onViewChange: (view: GridView) => void;
  readonly orientation: Orientation;
  readonly scale: ScaleKind;
  /** Names of the two modes for labels ("Correct key mask", "No mask"). */
  readonly labelA?: string;
  readonly labelB?: string;
  /** Token whose row and column every head outlines. */
  readonly highlightToken?: number | null;
  /** Test id of the grid's root (default "head-grid"); give two grids side by side their own. */
  readonly testId?: string;
}

const VIEW_NAMES: Readonly<Record<GridView, string>> = { A: 'A', B: 'B', diff: 'A − B' };
const DEFAULT_WIDTH_PX = 960;

/**
 * Small multiples of every head, one canvas each. Each canvas repaints only when its own matrix,
 * the scale or the orientation change; selecting, hovering or resizing never repaints cells.
 */
export function HeadGrid(props: HeadGridProps) {
  const { a, batchIndex, orientation, scale, onSelect } = props;
  // A B from another run (other shape) cannot be compared; show A alone until they match.
  const b = props.b !== null && isSameShape(a, props.b) ? props.b : null;
  const containerRef = useRef<HTMLDivElement>(null);
  const widthPx = useElementWidth(containerRef, DEFAULT_WIDTH_PX);
  const view: GridView = b === null ? 'A' : props.view;
  const dims = useMemo(() => attentionDims(a.shape, a.data.length), [a]);

  const drawn = useMemo(
    () => (view === 'A' || b === null ? a : view === 'B' ? b : differenceOf(a, b)),
    [view, a, b],
  );
  const views = useMemo(() => headViews(drawn, batchIndex), [drawn, batchIndex]);
  const colorScale = useMemo(
    () =>
      view === 'diff'
        ? createColorScale({ palette: 'diverging', kind: scale, max: niceMaxAbs(drawn.data) })
        : createColorScale({ palette: 'sequential', kind: scale }),
    [view, scale, drawn],
  );
  const layout = useMemo(
    () => computeLayout({ layers: dims.layers, heads: dims.heads, seqLen: dims.seqLen, widthPx }),
    [dims, widthPx],
  );
  const runs = useMemo(() => paddingRuns(props.padding), [props.padding]);
  const selectCell = useCallback(
    (layer: number, head: number) => onSelect({ layer, head }),
    [onSelect],
  );

  const labelA = props.labelA ?? 'A';
  const labelB = b === null ? null : (props.labelB ?? 'B');
  const legend = axisLegend(orientation);
  return (
    <section className="ms-head-grid" data-testid={props.testId ?? 'head-grid'} data-view={view}>
      <header className="ms-head-grid__header">
        <Segmented
          options={VIEW_OPTIONS(b !== null)}
          value={view}
          onChange={props.onViewChange}
          ariaLabel="Grid shows"
          testId="grid-view"
        />
        <span className="ms-head-grid__legend">
          {legend.rows} · {legend.columns} · caption: padding leak of real queries,{' '}
          {view === 'diff' ? 'max under A | max under B' : 'mean · max'}
        </span>
        <ColorBar
          scale={colorScale}
          title={view === 'diff' ? 'A − B' : `weight under ${view}`}
          direction="horizontal"
          lengthPx={220}
          testId="grid-colorbar"
        />
      </header>
      <div ref={containerRef} className="ms-head-grid__body" style={{ height: layout.height }}>
        {Array.from({ length: dims.heads }, (_, head) => (
          <span
            key={`h${head}`}
            className="ms-head-grid__label ms-head-grid__label--head"
            style={{ left: layout.boxes[head]?.x, width: layout.headPx }}
          >
            H{head}
          </span>
        ))}
        {Array.from({ length: dims.layers }, (_, layer) => (
          <span
            key={`l${layer}`}
            className="ms-head-grid__label ms-head-grid__label--layer"
            style={{ top: layout.boxes[layer * dims.heads]?.y, height: layout.headPx }}
          >
            L{layer}
          </span>
        ))}
        {layout.boxes.map((box) => {
          const leakOfA = props.leakA?.[box.layer]?.[box.head];
          const leakOfB = props.leakB?.[box.layer]?.[box.head];
          const shown = view === 'B' ? leakOfB : leakOfA;
          const { caption, isLeaking } = leakCaption(shown, leakOfB, view === 'diff');
          const matrix = views[box.layer]?.[box.head];
          if (!matrix) return null;
          const isSelected =
            props.selected?.layer === box.layer && props.selected.head === box.head;
          return (
            <HeadCell
              key={`${box.layer}-${box.head}`}
              box={box}
              sizePx={layout.headPx}
              captionPx={layout.captionPx}
              matrix={matrix}
              seqLen={dims.seqLen}
              orientation={orientation}
              scale={colorScale}
              paddingRuns={runs}
              caption={caption}
              isLeaking={isLeaking}
              leak={view === 'diff' ? undefined : shown}
              leakTitle={leakTitle(labelA, leakOfA, labelB, leakOfB)}
              isSelected={isSelected}
              highlightIndex={props.highlightToken ?? null}
              onSelect={selectCell}
            />
          );
        })}
      </div>
    </section>
  );
}

const VIEW_OPTIONS = (hasB: boolean): SegmentedOption<GridView>[] =>
  (['A', 'B', 'diff'] as const).map((value) => ({
    value,
    label: VIEW_NAMES[value],
    isDisabled: value !== 'A' && !hasB,
  }));
