import { useMemo } from 'react';
import { paddingOfItem, stripOf, type ItemStrips as Strips } from '../../../src/dump/itemStrips';
import { paddingRuns } from '../../../src/viz/headViews';
import { selectWeightScale } from '../../store/heatmapSelectors';
import { useAppState } from '../../store/useAppState';
import { HeatmapCanvas } from '../Heatmap/HeatmapCanvas';

/** Width the strips of one item share, the least a strip gets, and the most a frame gets. */
const ROW_PX = 900;
const STRIP_MIN_PX = 60;
const FRAME_MAX_PX = 16;
const STRIP_HEIGHT_PX = 14;
const ONE_ROW = [0];

/** One item's strips, a canvas per head, its padded frames hatched; a click draws that item. */
function ItemRow(props: {
  readonly strips: Strips;
  readonly item: number;
  readonly isDrawn: boolean;
  readonly onSelect: (item: number) => void;
}) {
  const { strips, item } = props;
  const [, heads, seqLen] = strips.shape;
  const scale = useAppState(selectWeightScale);
  const runs = useMemo(() => paddingRuns(paddingOfItem(strips, item)), [strips, item]);
  const fitPx = Math.max(STRIP_MIN_PX, Math.floor(ROW_PX / heads) - 10);
  const sizePx = Math.min(fitPx, seqLen * FRAME_MAX_PX);
  return (
    <button
      type="button"
      className={props.isDrawn ? 'ms-item-strips__row is-drawn' : 'ms-item-strips__row'}
      data-testid={`item-strip-${item}`}
      aria-pressed={props.isDrawn}
      onClick={() => props.onSelect(item)}
    >
      <span className="ms-item-strips__label">item {item}</span>
      {Array.from({ length: heads }, (_, head) => (
        <HeatmapCanvas
          key={head}
          matrix={stripOf(strips, item, head)}
          seqLen={seqLen}
          queries={ONE_ROW}
          queryKind="pooling"
          orientation="rowsAreQueries"
          scale={scale}
          sizePx={sizePx}
          queryPx={STRIP_HEIGHT_PX}
          paddingRuns={runs}
          ariaLabel={`pooling weights of item ${item}${heads > 1 ? `, head ${head}` : ''}`}
        />
      ))}
    </button>
  );
}

/**
 * Pooling weights of every batch item as strips over time (a strip per head), padded frames
 * hatched, in the colours of the heatmaps; the item the views draw is marked, a click draws
 * another. Nothing for attention with queries.
 */
export function ItemStrips() {
  const answer = useAppState((s) => s.tensorCheck.result?.answer ?? null);
  const setFields = useAppState((s) => s.setTensorFields);
  const strips = answer?.itemStrips ?? null;
  if (answer === null || strips === null) return null;
  const [batch] = strips.shape;
  return (
    <div className="ms-item-strips" data-testid="item-strips">
      <p className="ms-item-strips__title">
        Pooling weights of every item over time (hatched: padded frames); click one to draw it
        below.
      </p>
      {Array.from({ length: batch }, (_, item) => (
        <ItemRow
          key={item}
          strips={strips}
          item={item}
          isDrawn={item === answer.item}
          onSelect={(chosen) => setFields({ item: chosen })}
        />
      ))}
    </div>
  );
}
