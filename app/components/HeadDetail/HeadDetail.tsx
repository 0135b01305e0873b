import { useRef, type ReactNode } from 'react';
import type { ColorBy } from '../../../src/viz/headViews';
import { axisLegend, describeQuerySums } from '../../../src/viz/legend';
import { selectDetail } from '../../store/heatmapSelectors';
import {
  selectAnalysis,
  selectPaddingFlags,
  selectRunTitles,
  selectSelectedHead,
} from '../../store/resultSelectors';
import { useAppState } from '../../store/useAppState';
import { ColorBar } from '../ColorBar/ColorBar';
import { useElementWidth } from '../HeadGrid/useElementWidth';
import { DetailControls } from './DetailControls';
import { DetailPlot } from './DetailPlot';
import { COLORBAR_PX, fitDetailBody } from '../../../src/viz/detailFit';
import './HeadDetail.css';

/** Largest side of the detail heatmap. */
const DETAIL_PLOT_PX = 500;

function sideName(view: ColorBy | 'A' | 'B', titles: { a: string; b: string }): string {
  return view === 'B' ? `B (${titles.b})` : `A (${titles.a})`;
}

/** The selected head, large: reads the store and hands plain values to the pieces below. */
export function HeadDetail() {
  const detail = useAppState(selectDetail);
  const head = useAppState(selectSelectedHead);
  const labels = useAppState((s) => selectAnalysis(s)?.labels ?? null);
  const queryKind = useAppState((s) => selectAnalysis(s)?.queries?.kind ?? null);
  const padding = useAppState(selectPaddingFlags);
  const titles = useAppState(selectRunTitles);
  const orientation = useAppState((s) => s.orientation);
  const scale = useAppState((s) => s.scale);
  const hovered = useAppState((s) => s.hoveredToken);
  const setOrientation = useAppState((s) => s.setOrientation);
  const setScale = useAppState((s) => s.setScale);
  const setColorBy = useAppState((s) => s.setColorBy);
  const isPaddingQueriesHidden = useAppState((s) => s.isPaddingQueriesHidden);
  const setPaddingQueriesHidden = useAppState((s) => s.setPaddingQueriesHidden);
  if (detail === null || labels === null || padding === null) {
    return <div className="ms-placeholder">The selected head appears here.</div>;
  }
  const legend = axisLegend(orientation, detail.view, queryKind);
  const summedName = sideName(detail.summed, titles);
  return (
    <section
      className="ms-detail"
      data-testid="head-detail"
      aria-label={`Layer ${head.layer}, head ${head.head}: arrow keys choose another head, t swaps the axes`}
      tabIndex={0}
      data-shortcuts=""
      data-layer={head.layer}
      data-head={head.head}
    >
      <header className="ms-detail__header">
        <h3 className="ms-detail__title">
          Layer {head.layer} · head {head.head}
        </h3>
        <DetailControls
          orientation={orientation}
          onOrientationChange={setOrientation}
          scale={scale}
          onScaleChange={setScale}
          colorBy={detail.view}
          onColorByChange={setColorBy}
          hasB={detail.b !== null}
          isPaddingQueriesHidden={isPaddingQueriesHidden}
          onPaddingQueriesHiddenChange={setPaddingQueriesHidden}
          hasPadding={detail.queryKind === null && padding.includes(1)}
        />
      </header>
      <p className="ms-detail__legend" data-testid="axis-legend" data-orientation={orientation}>
        <strong>{legend.rows}</strong> · <strong>{legend.columns}</strong>.{' '}
        {orientation === 'rowsAreQueries' ? 'Bars right of the rows' : 'Bars under the columns'}{' '}
        show each query&apos;s sum under {summedName}: {describeQuerySums(detail.sumRange)}
      </p>
      <FittedBody>
        {(bodyPx) => {
          const fit = fitDetailBody(bodyPx, DETAIL_PLOT_PX);
          return (
            <>
              <DetailPlot
                detail={detail}
                head={head}
                labels={labels}
                padding={padding}
                orientation={orientation}
                highlightIndex={hovered}
                labelA={titles.a}
                labelB={titles.b}
                summedName={summedName}
                maxPlotPx={DETAIL_PLOT_PX}
                maxWidthPx={fit.plotMaxWidthPx}
              />
              <div className="ms-detail__colorbar" style={{ width: COLORBAR_PX }}>
                <ColorBar
                  scale={detail.scale}
                  title={detail.view === 'diff' ? 'A − B' : `weight under ${detail.view}`}
                  lengthPx={fit.colorBarLengthPx}
                />
              </div>
            </>
          );
        }}
      </FittedBody>
    </section>
  );
}

/** The plot and colour bar row, told its own width so the plot can leave room for the bar. */
function FittedBody({ children }: { readonly children: (widthPx: number) => ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const widthPx = useElementWidth(ref, 800);
  return (
    <div className="ms-detail__body" ref={ref}>
      {children(widthPx)}
    </div>
  );
}
