import { memo, useMemo } from 'react';
import { isContinuation } from '../../../src/tokenizer/detokenize';
import { SPECIAL_TOKENS } from '../../../src/tokenizer/vocab';
import { chipsOf } from '../../../src/viz/tokenChips';
import { selectAnalysis } from '../../store/resultSelectors';
import { selectEncoding } from '../../store/selectors';
import { useAppState } from '../../store/useAppState';
import './TokenStrip.css';

function pieceClass(piece: string): string {
  switch (piece) {
    case SPECIAL_TOKENS.cls:
      return 'ms-token ms-token--cls';
    case SPECIAL_TOKENS.sep:
      return 'ms-token ms-token--sep';
    case SPECIAL_TOKENS.pad:
      return 'ms-token ms-token--pad';
    case SPECIAL_TOKENS.mask:
      return 'ms-token ms-token--mask';
    case SPECIAL_TOKENS.unk:
      return 'ms-token ms-token--unk';
    default:
      return isContinuation(piece) ? 'ms-token ms-token--cont' : 'ms-token';
  }
}

/**
 * The pieces the heatmaps show ([PAD] included), styled by role. Hovering one highlights its row
 * and column in every heatmap; before the first run the unpadded tokenization is shown.
 */
export const TokenStrip = memo(function TokenStrip() {
  const runPieces = useAppState((s) => selectAnalysis(s)?.labels ?? null);
  const encoding = useAppState(selectEncoding);
  const hovered = useAppState((s) => s.hoveredToken);
  const setHovered = useAppState((s) => s.setHoveredToken);
  const isTensors = useAppState((s) => s.source !== 'model');
  const pieces = runPieces ?? (isTensors ? null : (encoding?.pieces ?? null));
  const chips = useMemo(() => (pieces === null ? [] : chipsOf(pieces)), [pieces]);
  const isLive = runPieces !== null;
  return (
    <div
      className="ms-token-strip"
      data-testid="token-strip"
      data-count={pieces?.length ?? 0}
      onMouseLeave={() => setHovered(null)}
    >
      {/* Keyed by place in the strip: a padding change shifts every position, and the chips are
          then updated in place rather than all removed and made again. */}
      {chips.map((chip, index) =>
        chip.kind === 'piece' ? (
          <span
            key={index}
            className={
              hovered === chip.t ? `${pieceClass(chip.piece)} is-hovered` : pieceClass(chip.piece)
            }
            data-t={chip.t}
            onMouseEnter={isLive ? () => setHovered(chip.t) : undefined}
          >
            {chip.piece}
          </span>
        ) : (
          <span
            key={index}
            className={`ms-token ms-token--run ${chip.kind === 'padding' ? 'ms-token--pad' : 'ms-token--elided'}${
              hovered !== null && hovered >= chip.start && hovered < chip.end ? ' is-hovered' : ''
            }`}
            data-kind={chip.kind}
            data-t={chip.start}
            title={`positions ${chip.start}–${chip.end - 1}`}
            onMouseEnter={isLive ? () => setHovered(chip.start) : undefined}
          >
            {chip.kind === 'padding' ? SPECIAL_TOKENS.pad : '…'} ×{chip.end - chip.start}
          </span>
        ),
      )}
    </div>
  );
});
