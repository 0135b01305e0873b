import { attentionDims } from '../../../src/diagnostics/dims';
import { useMemo, useState, type MouseEvent } from 'react';
import {
  isSameShape,
  querySums,
  realRange,
  sliceHead,
  subtract,
  type AttentionMaps,
  type HeadRef,
  type PaddingMask,
} from '../../../src/viz/attention';
import { createColorScale, niceMaxAbs, type ScaleKind } from '../../../src/viz/colorScale';
import {
  cellAt,
  computeDetailLayout,
  type Orientation,
  type QueryKey,
} from '../../../src/viz/layout';
import { axisLegend, describeQuerySums } from '../../../src/viz/legend';
import { ColorBar } from '../ColorBar/ColorBar';
import { HeatmapCanvas } from '../Heatmap/HeatmapCanvas';
import { DetailAxes } from './DetailAxes';
import { DetailControls, type ColorBy } from './DetailControls';
import { DetailTooltip } from './DetailTooltip';
import { QuerySums } from './QuerySums';
import './HeadDetail.css';

/** Props of the single-head view; the toggles are controlled (values in, changes out). */
export interface HeadDetailProps {
  /** Attention under mode A, [L, B, H, T, T] (rows = queries). */
  readonly a: AttentionMaps;
  /** Attention under mode B, same shape; null when only one mode has run. */
  readonly b: AttentionMaps | null;
  readonly batchIndex: number;
  readonly head: HeadRef;
  /** WordPiece pieces [T] (including [CLS], [SEP], [PAD]). */
  readonly pieces: readonly string[];
  /** Padding flags [T], 1/true = padding. */
  readonly padding: PaddingMask;
  readonly orientation: Orientation;
  readonly onOrientationChange: (orientation: Orientation) => void;
  readonly scale: ScaleKind;
  readonly onScaleChange: (scale: ScaleKind) => void;
  readonly colorBy: ColorBy;
  readonly onColorByChange: (colorBy: ColorBy) => void;
  /** Token whose row and column are outlined (e.g. hovered in the token strip). */
  readonly highlightToken?: number | null;
  /** Called with the hovered cell, and null when the pointer leaves the matrix. */
  readonly onHoverCell?: (cell: QueryKey | null) => void;
  readonly labelA?: string;
  readonly labelB?: string;
  /** Largest side of the matrix in CSS px (default 640). */
  readonly maxPlotPx?: number;
}

/** One head, large: token-labelled axes, query sums, legend, colour bar and hover tooltip. */
export function HeadDetail(props: HeadDetailProps) {
  const { a, batchIndex, head, pieces, padding, orientation, scale } = props;
  // A B from another run (other shape) cannot be compared; show A alone until they match.
  const b = props.b !== null && isSameShape(a, props.b) ? props.b : null;
  const colorBy: ColorBy = b === null ? 'A' : props.colorBy;
  const matrixA = useMemo(
    () => sliceHead(a.data, a.shape, head.layer, batchIndex, head.head),
    [a, batchIndex, head.layer, head.head],
  );
  const matrixB = useMemo(
    () => (b ? sliceHead(b.data, b.shape, head.layer, batchIndex, head.head) : null),
    [b, batchIndex, head.layer, head.head],
  );
  const { seqLen } = useMemo(() => attentionDims(a.shape, a.data.length), [a]);
  const drawn = useMemo(
    () =>
      colorBy === 'A' || !matrixB
        ? matrixA
        : colorBy === 'B'
          ? matrixB
          : subtract(matrixA, matrixB),
    [colorBy, matrixA, matrixB],
  );
  const colorScale = useMemo(
    () =>
      colorBy === 'diff'
        ? createColorScale({ palette: 'diverging', kind: scale, max: niceMaxAbs(drawn) })
        : createColorScale({ palette: 'sequential', kind: scale }),
    [colorBy, scale, drawn],
  );
  const labelChars = useMemo(() => Math.max(1, ...pieces.map((piece) => piece.length)), [pieces]);
  const layout = useMemo(
    () =>
      computeDetailLayout({
        seqLen,
        orientation,
        labelChars,
        ...(props.maxPlotPx === undefined ? {} : { maxPlotPx: props.maxPlotPx }),
      }),
    [seqLen, orientation, labelChars, props.maxPlotPx],
  );
  const summed = colorBy === 'B' && matrixB ? matrixB : matrixA;
  const sums = useMemo(() => querySums(summed, seqLen), [summed, seqLen]);
  const range = useMemo(() => realRange(sums, padding), [sums, padding]);
  const hover = useHover(props.onHoverCell);
  const highlight = props.highlightToken ?? null;

  const legend = axisLegend(orientation);
  const labelA = props.labelA ?? 'A';
  const labelB = props.labelB ?? 'B';
  const summedName = summed === matrixA ? `A (${labelA})` : `B (${labelB})`;
  return (
    <section
      className="ms-detail"
      data-testid="head-detail"
      data-layer={head.layer}
      data-head={head.head}
    >
      <header className="ms-detail__header">
        <h3 className="ms-detail__title">
          Layer {head.layer} · head {head.head}
        </h3>
        <DetailControls
          orientation={orientation}
          onOrientationChange={props.onOrientationChange}
          scale={scale}
          onScaleChange={props.onScaleChange}
          colorBy={colorBy}
          onColorByChange={props.onColorByChange}
          hasB={b !== null}
        />
      </header>
      <p className="ms-detail__legend" data-testid="axis-legend" data-orientation={orientation}>
        <strong>{legend.rows}</strong> · <strong>{legend.columns}</strong>.{' '}
        {orientation === 'rowsAreQueries' ? 'Bars right of the rows' : 'Bars under the columns'}{' '}
        show each query&apos;s sum under {summedName}: {describeQuerySums(range)}
      </p>
      <div className="ms-detail__body">
        <div className="ms-detail__plot" style={{ width: layout.width, height: layout.height }}>
          <div
            className="ms-detail__corner"
            style={{ width: layout.plot.x, height: layout.plot.y }}
          >
            <span>rows: {layout.rowAxis === 'query' ? 'queries ↓' : 'keys ↓'}</span>
            <span>columns: {layout.columnAxis === 'query' ? 'queries →' : 'keys →'}</span>
          </div>
          <div className="ms-detail__canvas" style={{ left: layout.plot.x, top: layout.plot.y }}>
            <HeatmapCanvas
              matrix={drawn}
              seqLen={seqLen}
              orientation={orientation}
              scale={colorScale}
              sizePx={layout.plot.width}
              highlightIndex={highlight}
              testId="head-detail-canvas"
              ariaLabel={`attention of layer ${head.layer} head ${head.head}`}
            />
          </div>
          <DetailAxes
            layout={layout}
            pieces={pieces}
            padding={padding}
            highlightIndex={highlight}
          />
          <QuerySums
            layout={layout}
            sums={sums}
            padding={padding}
            range={range}
            modeName={summedName}
          />
          <div
            className="ms-detail__hit"
            style={{
              left: layout.plot.x,
              top: layout.plot.y,
              width: layout.plot.width,
              height: layout.plot.height,
            }}
            onMouseMove={(event) => hover.onMove(event, layout)}
            onMouseLeave={hover.onLeave}
          />
          {hover.state && (
            <DetailTooltip
              cell={hover.state.cell}
              seqLen={seqLen}
              pieces={pieces}
              padding={padding}
              matrixA={matrixA}
              matrixB={matrixB}
              labelA={labelA}
              labelB={labelB}
              left={Math.min(hover.state.x + 14, Math.max(0, layout.width - 240))}
              top={hover.state.y + 14}
            />
          )}
        </div>
        <ColorBar
          scale={colorScale}
          title={colorBy === 'diff' ? 'A − B' : `weight under ${colorBy}`}
          lengthPx={Math.min(Math.max(layout.plot.height, 160), 400)}
        />
      </div>
    </section>
  );
}

interface HoverState {
  readonly cell: QueryKey;
  readonly x: number;
  readonly y: number;
}

/** Hovered cell and pointer position inside the plot area; re-renders only when the cell changes. */
function useHover(onHoverCell: ((cell: QueryKey | null) => void) | undefined) {
  const [state, setState] = useState<HoverState | null>(null);
  const onMove = (
    event: MouseEvent<HTMLDivElement>,
    layout: ReturnType<typeof computeDetailLayout>,
  ) => {
    const bounds = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - bounds.left + layout.plot.x;
    const y = event.clientY - bounds.top + layout.plot.y;
    const cell = cellAt(layout, x, y);
    if (cell?.query === state?.cell.query && cell?.key === state?.cell.key) return;
    setState(cell ? { cell, x, y } : null);
    onHoverCell?.(cell);
  };
  const onLeave = () => {
    setState(null);
    onHoverCell?.(null);
  };
  return { state, onMove, onLeave };
}
