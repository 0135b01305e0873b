import { isPadding, type PaddingMask } from '../../../src/viz/headViews';
import { formatWeight } from '../../../src/diagnostics/format';
import type { QueryKey } from '../../../src/viz/layout';

/** Props of the hover tooltip: the cell, its tokens and its weight under A and B. */
export interface DetailTooltipProps {
  readonly cell: QueryKey;
  readonly seqLen: number;
  /** Key labels and padding [T]. */
  readonly pieces: readonly string[];
  readonly padding: PaddingMask;
  /** Query labels and padding [Tq] (the keys' for self-attention). */
  readonly queryPieces: readonly string[];
  readonly queryPadding: PaddingMask;
  readonly matrixA: Float32Array;
  readonly matrixB: Float32Array | null;
  readonly labelA: string;
  readonly labelB: string;
  /** Position inside the plot area, CSS px. */
  readonly left: number;
  readonly top: number;
}

/** "query #3 doctor → key #14 [PAD] (padding)", then the weight under A, under B and A − B. */
export function DetailTooltip(props: DetailTooltipProps) {
  const { cell, seqLen, matrixA, matrixB } = props;
  const at = cell.query * seqLen + cell.key;
  const weightA = matrixA[at] ?? NaN;
  const weightB = matrixB ? (matrixB[at] ?? NaN) : null;
  const token = (index: number, pieces: readonly string[], padding: PaddingMask): string =>
    `#${index} ${pieces[index] ?? '?'}${isPadding(padding, index) ? ' (padding)' : ''}`;
  return (
    <div
      className="ms-detail__tooltip"
      style={{ left: props.left, top: props.top }}
      data-testid="detail-tooltip"
      data-query={cell.query}
      data-key={cell.key}
      role="tooltip"
    >
      <div>
        <span className="ms-detail__tooltip-key">query</span>{' '}
        {token(cell.query, props.queryPieces, props.queryPadding)}
      </div>
      <div>
        <span className="ms-detail__tooltip-key">key</span>{' '}
        {token(cell.key, props.pieces, props.padding)}
      </div>
      <div data-testid="detail-tooltip-a">
        <span className="ms-detail__tooltip-key">A</span> {formatWeight(weightA)}{' '}
        <span className="ms-detail__tooltip-mode">{props.labelA}</span>
      </div>
      {weightB !== null && (
        <>
          <div data-testid="detail-tooltip-b">
            <span className="ms-detail__tooltip-key">B</span> {formatWeight(weightB)}{' '}
            <span className="ms-detail__tooltip-mode">{props.labelB}</span>
          </div>
          <div>
            <span className="ms-detail__tooltip-key">A − B</span> {formatWeight(weightA - weightB)}
          </div>
        </>
      )}
    </div>
  );
}
