import { memo } from 'react';
import type { QueryKind } from '../../../src/analysis/attentionMaps';
import type { PaddingRun } from '../../../src/viz/headViews';
import type { ColorScale } from '../../../src/viz/colorScale';
import { dataValue, formatLeak } from '../../../src/diagnostics/format';
import type { LeakScore } from '../../../src/diagnostics/leak';
import type { HeadBox, Orientation } from '../../../src/viz/layout';
import { HeatmapCanvas } from '../Heatmap/HeatmapCanvas';

/** Props of one small multiple in the overview grid. */
export interface HeadCellProps {
  readonly box: HeadBox;
  /** Length of the key axis on screen. */
  readonly sizePx: number;
  /** The head's box on screen: a square, or a rectangle when the queries are not the keys. */
  readonly boxWidthPx: number;
  readonly boxHeightPx: number;
  readonly captionPx: number;
  /** The head [Tq × T], rows = queries. */
  readonly matrix: Float32Array;
  readonly seqLen: number;
  /** The query rows' own positions (cross-attention, a decoding step, pooling); absent for self-attention. */
  readonly queries?: readonly number[];
  readonly queryKind: QueryKind | null;
  readonly orientation: Orientation;
  readonly scale: ColorScale;
  readonly paddingRuns: readonly PaddingRun[];
  /** Caption under the square (leak mean·max of the drawn mode, or both maxima for A − B). */
  readonly caption: string;
  readonly isLeaking: boolean;
  /** Real queries do not sum to 1 (mask after softmax): a red bar along the square's right edge. */
  readonly isSumOff: boolean;
  /** The drawn mode's leak, exposed as data attributes for tests (none in the A − B view). */
  readonly leak: LeakScore | undefined;
  /** Full leak text for the tooltip. */
  readonly leakTitle: string;
  readonly isSelected: boolean;
  readonly highlightIndex: number | null;
  readonly onSelect: (layer: number, head: number) => void;
}

/** One head: a clickable heatmap (or strip) with its leak score (mean · max) underneath. */
export const HeadCell = memo(function HeadCell(props: HeadCellProps) {
  const { box, sizePx, leak } = props;
  return (
    <button
      type="button"
      className={props.isSelected ? 'ms-head-cell is-selected' : 'ms-head-cell'}
      style={{ left: box.x, top: box.y, width: props.boxWidthPx }}
      data-testid={`head-cell-${box.layer}-${box.head}`}
      data-selected={props.isSelected}
      data-leak-mean={dataValue(leak?.mean)}
      data-leak-max={dataValue(leak?.max)}
      data-sum-off={props.isSumOff}
      aria-pressed={props.isSelected}
      title={`Layer ${box.layer}, head ${box.head}\n${props.leakTitle}`}
      onClick={() => props.onSelect(box.layer, box.head)}
    >
      <HeatmapCanvas
        matrix={props.matrix}
        seqLen={props.seqLen}
        {...(props.queries === undefined ? {} : { queries: props.queries })}
        queryKind={props.queryKind}
        orientation={props.orientation}
        scale={props.scale}
        sizePx={sizePx}
        queryPx={props.orientation === 'rowsAreQueries' ? props.boxHeightPx : props.boxWidthPx}
        paddingRuns={props.paddingRuns}
        highlightIndex={props.highlightIndex}
        ariaLabel={`layer ${box.layer} head ${box.head}`}
      />
      {props.isSumOff && (
        <span
          className="ms-head-cell__sum-off"
          style={{ height: props.boxHeightPx }}
          aria-hidden="true"
        />
      )}
      <span
        className={props.isLeaking ? 'ms-head-cell__leak is-leaking' : 'ms-head-cell__leak'}
        style={{ height: props.captionPx, lineHeight: `${props.captionPx}px` }}
      >
        {props.caption}
      </span>
    </button>
  );
});

/** Tooltip text with both modes' leaks for one head. */
export function leakTitle(
  labelA: string,
  leakA: LeakScore | undefined,
  labelB: string | null,
  leakB: LeakScore | undefined,
): string {
  const line = (label: string, leak: LeakScore | undefined): string =>
    `${label}: padding leak ${leak ? formatLeak(leak) : 'n/a'}`;
  return labelB === null ? line(labelA, leakA) : `${line(labelA, leakA)}\n${line(labelB, leakB)}`;
}
