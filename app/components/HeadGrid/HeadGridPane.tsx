import { useCallback } from 'react';
import type { HeadRef } from '../../../src/analysis/attentionMaps';
import type { ColorBy } from '../../../src/viz/headViews';
import { selectGridPane } from '../../store/heatmapSelectors';
import {
  selectAnalysis,
  selectHeadRowSums,
  selectLeakScores,
  selectPaddingFlags,
  selectRunTitles,
  selectSelectedHead,
} from '../../store/resultSelectors';
import { useAppState } from '../../store/useAppState';
import type { GridPane } from '../../store/viewSlice';
import { HeadGrid } from './HeadGrid';

/** One of the two overview grids: reads the store and hands plain values to HeadGrid. */
export function HeadGridPane({ pane }: { readonly pane: GridPane }) {
  const drawn = useAppState((s) => selectGridPane(s, pane));
  const hasB = useAppState((s) => selectAnalysis(s)?.b != null);
  const queryKind = useAppState((s) => selectAnalysis(s)?.queries?.kind ?? null);
  const padding = useAppState(selectPaddingFlags);
  const leak = useAppState(selectLeakScores);
  const rowSums = useAppState(selectHeadRowSums);
  const selected = useAppState(selectSelectedHead);
  const titles = useAppState(selectRunTitles);
  const orientation = useAppState((s) => s.orientation);
  const hovered = useAppState((s) => s.hoveredToken);
  const setView = useAppState((s) => s.setView);
  const setGridView = useAppState((s) => s.setGridView);
  const paneView = drawn?.view ?? 'A';
  // A click in a pane opens the head coloured as that pane draws it: the leak clicked in B's
  // grid shows in the detail view, not A's correct mask.
  const onSelect = useCallback(
    (head: HeadRef) => setView({ selected: head, colorBy: paneView }),
    [setView, paneView],
  );
  const onViewChange = useCallback((view: ColorBy) => setGridView(pane, view), [setGridView, pane]);
  if (drawn === null || padding === null || leak === null || rowSums === null) {
    return <div className="ms-placeholder">Heatmaps appear after the first run.</div>;
  }
  const { view } = drawn;
  const title = view === 'A' ? titles.a : view === 'B' ? titles.b : `${titles.a} − ${titles.b}`;
  return (
    <div className={`ms-grid-pane ms-grid-pane--${view}`} data-testid={`grid-${pane}`}>
      <h2 className="ms-grid-pane__title">
        {view !== 'diff' && (
          <span className={`ms-swatch ms-swatch--${view.toLowerCase()}`} aria-hidden="true" />
        )}{' '}
        {title}
      </h2>
      <HeadGrid
        drawn={drawn}
        hasB={hasB}
        padding={padding}
        leak={leak}
        rowSums={rowSums}
        selected={selected}
        onSelect={onSelect}
        onViewChange={onViewChange}
        orientation={orientation}
        labelA={titles.a}
        labelB={titles.b}
        highlightToken={hovered}
        queryKind={queryKind}
      />
    </div>
  );
}
