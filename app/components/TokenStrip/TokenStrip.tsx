import { memo, useMemo } from 'react';
import { isContinuation } from '../../../src/tokenizer/detokenize';
import { SPECIAL_TOKENS } from '../../../src/tokenizer/vocab';
import { selectAnalysis } from '../../store/resultSelectors';
import { selectEncoding } from '../../store/selectors';
import { useAppState } from '../../store/useAppState';
import './TokenStrip.css';

/** Padding runs longer than this collapse into one "[PAD] ×n" chip. */
const COLLAPSE_PADDING_OVER = 3;

/** One chip: a piece at index t, or a run of padding [start, end). */
type Chip =
  | { readonly kind: 'piece'; readonly t: number; readonly piece: string }
  | { readonly kind: 'padding'; readonly start: number; readonly end: number };

/** Groups the pieces into chips, collapsing long padding runs. */
export function chipsOf(pieces: readonly string[]): Chip[] {
  const chips: Chip[] = [];
  let t = 0;
  while (t < pieces.length) {
    let end = t;
    while (pieces[end] === SPECIAL_TOKENS.pad) end++;
    if (end - t > COLLAPSE_PADDING_OVER) {
      chips.push({ kind: 'padding', start: t, end });
      t = end;
      continue;
    }
    chips.push({ kind: 'piece', t, piece: pieces[t] ?? '' });
    t++;
  }
  return chips;
}

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
  const isTensors = useAppState((s) => s.source === 'tensors');
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
            className={
              hovered !== null && hovered >= chip.start && hovered < chip.end
                ? 'ms-token ms-token--pad ms-token--run is-hovered'
                : 'ms-token ms-token--pad ms-token--run'
            }
            data-t={chip.start}
            title={`positions ${chip.start}–${chip.end - 1}`}
            onMouseEnter={isLive ? () => setHovered(chip.start) : undefined}
          >
            {SPECIAL_TOKENS.pad} ×{chip.end - chip.start}
          </span>
        ),
      )}
    </div>
  );
});
