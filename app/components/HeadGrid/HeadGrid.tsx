import { useCallback, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import type { HeadRef, QueryKind } from '../../../src/analysis/attentionMaps';
import type { LeakScore } from '../../../src/diagnostics/leak';
import type { SumRange as Range } from '../../../src/diagnostics/rowSums';
import { headViews, paddingRuns, type ColorBy, type PaddingMask } from '../../../src/viz/headViews';
import { computeLayout, type Orientation } from '../../../src/viz/layout';
import { axisLegend } from '../../../src/viz/legend';
import type { DrawnAttention } from '../../store/heatmapSelectors';
import { ColorBar } from '../ColorBar/ColorBar';
import { Segmented, type SegmentedOption } from '../Heatmap/Segmented';
import { headCaption } from '../../../src/diagnostics/format';
import { HeadCell, leakTitle } from './HeadCell';
import { useElementWidth } from './useElementWidth';
import './HeadGrid.css';

/** Per head ([layer][head]) of side A and side B. */
export interface HeadTables<T> {
  readonly a: readonly (readonly T[])[];
  readonly b: readonly (readonly T[])[];
}

/** Props of the overview grid (every layer × head of one sequence). */
export interface HeadGridProps {
  /** What to colour (A, B or A − B over [L, H, Tq, Tk]) and the scale, built once by a selector. */
  readonly drawn: DrawnAttention;
  readonly hasB: boolean;
  /** Padding flags of the sequence [T], 1/true = padding. */
  readonly padding: PaddingMask;
  readonly leak: HeadTables<LeakScore>;
  readonly rowSums: HeadTables<Range>;
  readonly selected: HeadRef;
  readonly onSelect: (head: HeadRef) => void;
  readonly onViewChange: (view: ColorBy) => void;
  readonly orientation: Orientation;
  /** Names of the two sides for labels ("Correct key mask (c = -1e4)", "No mask"). */
  readonly labelA: string;
  readonly labelB: string;
  /** Token whose row and column every head outlines. */
  readonly highlightToken: number | null;
  /** What the query axis holds when it is not the keys' positions; null for self-attention. */
  readonly queryKind: QueryKind | null;
}

const VIEW_NAMES: Readonly<Record<ColorBy, string>> = { A: 'A', B: 'B', diff: 'A − B' };
const DEFAULT_WIDTH_PX = 960;

/**
 * Small multiples of every head, one canvas each. Each canvas repaints only when its own matrix,
 * the scale or the orientation change; selecting, hovering or resizing never repaints cells.
 */
export function HeadGrid(props: HeadGridProps) {
  const { drawn, orientation, onSelect, leak, rowSums } = props;
  const { view } = drawn;
  const [layers, heads, , seqLen] = drawn.attention.shape;
  const containerRef = useRef<HTMLDivElement>(null);
  const widthPx = useElementWidth(containerRef, DEFAULT_WIDTH_PX);
  const views = useMemo(() => headViews(drawn.attention), [drawn.attention]);
  const { layout, ownQueries } = useGridLayout(drawn, props.queryKind, orientation, widthPx);
  const runs = useMemo(() => paddingRuns(props.padding), [props.padding]);
  const selectCell = useCallback(
    (layer: number, head: number) => onSelect({ layer, head }),
    [onSelect],
  );
  useFocusFollowsSelection(containerRef, props.selected);
  const legend = axisLegend(orientation, view, props.queryKind);
  const shownSide = view === 'B' ? 'b' : 'a';
  return (
    <section className="ms-head-grid" data-view={view} data-shortcuts="">
      <header className="ms-head-grid__header">
        <Segmented
          options={viewOptions(props.hasB)}
          value={view}
          onChange={props.onViewChange}
          ariaLabel="Grid shows"
          testId="grid-view"
        />
        <span className="ms-head-grid__legend">
          {legend.rows} · {legend.columns} · caption: {legend.share},{' '}
          {view === 'diff'
            ? 'max under A | max under B'
            : 'mean over real queries · worst real query'}
          ; a red edge and Σ when real queries do not sum to 1
        </span>
        <ColorBar
          scale={drawn.scale}
          title={view === 'diff' ? 'A − B' : `weight under ${view}`}
          direction="horizontal"
          lengthPx={220}
          testId="grid-colorbar"
        />
      </header>
      <div ref={containerRef} className="ms-head-grid__body" style={{ height: layout.height }}>
        {Array.from({ length: heads }, (_, head) => (
          <span
            key={`h${head}`}
            className="ms-head-grid__label ms-head-grid__label--head"
            style={{ left: layout.boxes[head]?.x, width: layout.boxWidthPx }}
          >
            H{head}
          </span>
        ))}
        {Array.from({ length: layers }, (_, layer) => (
          <span
            key={`l${layer}`}
            className="ms-head-grid__label ms-head-grid__label--layer"
            style={{ top: layout.boxes[layer * heads]?.y, height: layout.boxHeightPx }}
          >
            L{layer}
          </span>
        ))}
        {layout.boxes.map((box) => {
          const matrix = views[box.layer]?.[box.head];
          if (!matrix) return null;
          const at = <T,>(table: HeadTables<T>, side: 'a' | 'b'): T | undefined =>
            table[side][box.layer]?.[box.head];
          const side = (s: 'a' | 'b') => ({ leak: at(leak, s), sums: at(rowSums, s) });
          const caption = headCaption(side(shownSide), view === 'diff' ? side('b') : null);
          return (
            <HeadCell
              key={`${box.layer}-${box.head}`}
              box={box}
              sizePx={layout.headPx}
              boxWidthPx={layout.boxWidthPx}
              boxHeightPx={layout.boxHeightPx}
              captionPx={layout.captionPx}
              matrix={matrix}
              seqLen={seqLen}
              {...(ownQueries === undefined ? {} : { queries: ownQueries })}
              queryKind={props.queryKind}
              orientation={orientation}
              scale={drawn.scale}
              paddingRuns={runs}
              caption={caption.caption}
              isLeaking={caption.isLeaking}
              isSumOff={caption.isSumOff}
              leak={view === 'diff' ? undefined : at(leak, shownSide)}
              leakTitle={leakTitle(
                props.labelA,
                at(leak, 'a'),
                props.hasB ? props.labelB : null,
                at(leak, 'b'),
              )}
              isSelected={props.selected.layer === box.layer && props.selected.head === box.head}
              highlightIndex={props.highlightToken}
              onSelect={selectCell}
            />
          );
        })}
      </div>
    </section>
  );
}

/**
 * The grid's layout for `widthPx`, and the query rows' own positions (none for self-attention,
 * whose queries are the keys'), each rebuilt only when its inputs change.
 */
function useGridLayout(
  drawn: DrawnAttention,
  queryKind: QueryKind | null,
  orientation: Orientation,
  widthPx: number,
) {
  const [layers, heads, queries, seqLen] = drawn.attention.shape;
  const layout = useMemo(
    () => computeLayout({ layers, heads, seqLen, queries, orientation, widthPx }),
    [layers, heads, seqLen, queries, orientation, widthPx],
  );
  const ownQueries = useMemo(
    () => (queryKind === null ? undefined : Array.from({ length: queries }, (_, q) => q)),
    [queryKind, queries],
  );
  return { layout, ownQueries };
}

/**
 * When a head of this grid has the focus (it was clicked or tabbed to) and the arrow keys select
 * another, the focus moves along, so the focus outline never marks a head that is not selected.
 */
function useFocusFollowsSelection(
  containerRef: RefObject<HTMLDivElement | null>,
  selected: HeadRef,
): void {
  useLayoutEffect(() => {
    const container = containerRef.current;
    const focused = document.activeElement;
    if (container === null || focused === null || !container.contains(focused)) return;
    container.querySelector<HTMLElement>('.ms-head-cell.is-selected')?.focus();
  }, [containerRef, selected.layer, selected.head]);
}

const viewOptions = (hasB: boolean): SegmentedOption<ColorBy>[] =>
  (['A', 'B', 'diff'] as const).map((value) => ({
    value,
    label: VIEW_NAMES[value],
    isDisabled: value !== 'A' && !hasB,
  }));
