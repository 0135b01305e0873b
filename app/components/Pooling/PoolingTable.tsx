import type { PoolingCell } from '../../../src/analysis/poolingAudit';
import { POOLED_TOLERANCE } from '../../../src/diagnostics/tolerances';
import { formatSignificant } from '../../../src/diagnostics/format';
import { POOLING_KINDS } from '../../../src/diagnostics/pooling';
import type { PaddingSide } from '../../../src/masks/maskMode';
import { POOLING_NOTES } from './poolingNotes';

const SIDES: readonly PaddingSide[] = ['right', 'left'];

function format(value: number): string {
  return Number.isNaN(value) ? 'NaN' : formatSignificant(value, 3);
}

/** Rows = pooling × {masked, no mask}; columns = right and left padding, each cos and ‖Δ‖/‖p‖. */
export function PoolingTable({
  slot,
  title,
  cells,
}: {
  readonly slot: 'a' | 'b';
  readonly title: string;
  readonly cells: readonly PoolingCell[];
}) {
  const find = (kind: string, isMasked: boolean, side: PaddingSide) =>
    cells.find((c) => c.kind === kind && c.isMasked === isMasked && c.side === side);
  return (
    <table className="ms-pooling__table" data-testid={`pooling-table-${slot}`}>
      <caption>
        <span className={`ms-swatch ms-swatch--${slot}`} aria-hidden="true" /> Encoder mode{' '}
        {slot.toUpperCase()}: {title}
      </caption>
      <thead>
        <tr>
          <th scope="col" rowSpan={2}>
            pooling
          </th>
          {SIDES.map((side) => (
            <th key={side} scope="colgroup" colSpan={2}>
              {side} padding
            </th>
          ))}
        </tr>
        <tr>
          {SIDES.flatMap((side) => [
            <th key={`${side}-cos`} scope="col" title="cosine to the unpadded pooled vector">
              cos
            </th>,
            <th key={`${side}-rel`} scope="col" title="‖pooled − unpadded‖ / ‖unpadded‖">
              ‖Δ‖/‖p‖
            </th>,
          ])}
        </tr>
      </thead>
      <tbody>
        {POOLING_KINDS.flatMap((kind) =>
          [true, false].map((isMasked) => (
            <tr key={`${kind}-${String(isMasked)}`}>
              <th scope="row">
                {POOLING_NOTES[kind].label} {isMasked ? 'masked' : 'no mask'}
              </th>
              {SIDES.flatMap((side) => {
                const cell = find(kind, isMasked, side);
                const rel = cell?.relativeChange ?? NaN;
                const isOk = rel <= POOLED_TOLERANCE;
                const id = `pooling-${slot}-${kind}-${isMasked ? 'masked' : 'unmasked'}-${side}`;
                return [
                  <td key={`${side}-cos`}>{format(cell?.cosine ?? NaN)}</td>,
                  <td
                    key={`${side}-rel`}
                    className={isOk ? 'is-ok' : 'is-bad'}
                    data-testid={id}
                    data-relative={String(rel)}
                    data-status={isOk ? 'ok' : 'bad'}
                  >
                    {format(rel)} {isOk ? '✓' : '✗'}
                  </td>,
                ];
              })}
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
