import type { ColorBy } from '../../../src/viz/headViews';
import type { ScaleKind } from '../../../src/viz/colorScale';
import type { Orientation } from '../../../src/viz/layout';
import { Segmented, type SegmentedOption } from '../Heatmap/Segmented';

/** Props of the detail view's toolbar; values are controlled by the caller. */
export interface DetailControlsProps {
  readonly orientation: Orientation;
  readonly onOrientationChange: (orientation: Orientation) => void;
  readonly scale: ScaleKind;
  readonly onScaleChange: (scale: ScaleKind) => void;
  readonly colorBy: ColorBy;
  readonly onColorByChange: (colorBy: ColorBy) => void;
  readonly hasB: boolean;
  readonly isPaddingQueriesHidden: boolean;
  readonly onPaddingQueriesHiddenChange: (isHidden: boolean) => void;
  /** False when there is no padding, so nothing to hide. */
  readonly hasPadding: boolean;
}

/** Transpose toggle, linear/log toggle, the padding-queries toggle and the colour-by choice. */
export function DetailControls(props: DetailControlsProps) {
  const isTransposed = props.orientation === 'rowsAreKeys';
  const isLog = props.scale === 'log';
  const colorOptions: SegmentedOption<ColorBy>[] = [
    { value: 'A', label: 'A' },
    { value: 'B', label: 'B', isDisabled: !props.hasB },
    { value: 'diff', label: 'A − B', isDisabled: !props.hasB },
  ];
  return (
    <div className="ms-detail__controls">
      <button
        type="button"
        className="ms-toggle"
        aria-pressed={isTransposed}
        data-testid="orientation-toggle"
        data-value={props.orientation}
        title="Swap the axes (t)"
        onClick={() => props.onOrientationChange(isTransposed ? 'rowsAreQueries' : 'rowsAreKeys')}
      >
        {isTransposed ? 'Rows: keys ⇄' : 'Rows: queries ⇄'}
      </button>
      <button
        type="button"
        className="ms-toggle"
        aria-pressed={isLog}
        data-testid="scale-toggle"
        data-value={props.scale}
        title="Log scale shows weights down to 1e-6"
        onClick={() => props.onScaleChange(isLog ? 'linear' : 'log')}
      >
        {isLog ? 'Scale: log' : 'Scale: linear'}
      </button>
      <button
        type="button"
        className="ms-toggle"
        aria-pressed={props.isPaddingQueriesHidden}
        disabled={!props.hasPadding}
        data-testid="padding-queries-toggle"
        data-value={props.isPaddingQueriesHidden ? 'hidden' : 'shown'}
        title="Hide the padding queries' rows: they are most of a padded square and rarely read"
        onClick={() => props.onPaddingQueriesHiddenChange(!props.isPaddingQueriesHidden)}
      >
        {props.isPaddingQueriesHidden ? 'Padding queries: hidden' : 'Padding queries: shown'}
      </button>
      <span className="ms-detail__control-label">Colour by</span>
      <Segmented
        options={colorOptions}
        value={props.hasB ? props.colorBy : 'A'}
        onChange={props.onColorByChange}
        ariaLabel="Colour by"
        testId="color-by"
      />
    </div>
  );
}
