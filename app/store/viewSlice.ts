import type { StateCreator } from 'zustand';
import type { HeadRef } from '../../src/analysis/attentionMaps';
import type { ColorBy } from '../../src/viz/headViews';
import type { ScaleKind } from '../../src/viz/colorScale';
import type { Orientation } from '../../src/viz/layout';
import type { AppState } from './appState';

export type { ColorBy, HeadRef, Orientation, ScaleKind };

/** The two overview grids, drawn side by side. */
export type GridPane = 'left' | 'right';

/** The view fields, persisted in the URL (hover excepted): what the user chose to look at. */
export interface ViewFields {
  /** Selected head as asked; clamped to the results' layers and heads by a selector. */
  readonly selected: HeadRef;
  /** Rows = queries or rows = keys in the detail view (the axis toggle). */
  readonly orientation: Orientation;
  /** Linear or log colours, as toggled (the scale objects themselves are selectors). */
  readonly scale: ScaleKind;
  /** What the detail view colours. */
  readonly colorBy: ColorBy;
  /** The detail view draws only the real query rows (padding rows are most of a padded square). */
  readonly isPaddingQueriesHidden: boolean;
}

/** The view slice: selection, axes, colour scale and the hovered token. */
export interface ViewSlice extends ViewFields {
  /** Index t in the padded sequence of the hovered token, or null: where the pointer is. */
  readonly hoveredToken: number | null;
  /** What each overview grid shows, as chosen; by default A on the left and B on the right. */
  readonly gridViews: Readonly<Record<GridPane, ColorBy>>;
  readonly setGridView: (pane: GridPane, view: ColorBy) => void;
  readonly selectHead: (selected: HeadRef) => void;
  /** Moves the selection by (dLayer, dHead), clamped to [0, layers) × [0, heads). */
  readonly moveSelection: (dLayer: number, dHead: number, layers: number, heads: number) => void;
  readonly toggleOrientation: () => void;
  readonly setOrientation: (orientation: Orientation) => void;
  readonly setScale: (scale: ScaleKind) => void;
  readonly setColorBy: (colorBy: ColorBy) => void;
  readonly setPaddingQueriesHidden: (isHidden: boolean) => void;
  readonly setHoveredToken: (token: number | null) => void;
  readonly setView: (fields: Partial<ViewFields>) => void;
}

/** The view a fresh app starts with. */
export const DEFAULT_VIEW: ViewFields = {
  selected: { layer: 0, head: 0 },
  orientation: 'rowsAreQueries',
  scale: 'log',
  colorBy: 'A',
  isPaddingQueriesHidden: false,
};

function clamp(value: number, size: number): number {
  return Math.min(Math.max(value, 0), Math.max(size - 1, 0));
}

/** Creates the view slice. */
export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => ({
  ...DEFAULT_VIEW,
  hoveredToken: null,
  gridViews: { left: 'A', right: 'B' },
  setGridView: (pane, view) => set({ gridViews: { ...get().gridViews, [pane]: view } }),
  selectHead: (selected) => set({ selected }),
  moveSelection: (dLayer, dHead, layers, heads) => {
    const { layer, head } = get().selected;
    const next = {
      layer: clamp(clamp(layer, layers) + dLayer, layers),
      head: clamp(clamp(head, heads) + dHead, heads),
    };
    if (next.layer !== layer || next.head !== head) set({ selected: next });
  },
  toggleOrientation: () =>
    set({ orientation: get().orientation === 'rowsAreQueries' ? 'rowsAreKeys' : 'rowsAreQueries' }),
  setOrientation: (orientation) => set({ orientation }),
  setScale: (scale) => set({ scale }),
  setColorBy: (colorBy) => set({ colorBy }),
  setPaddingQueriesHidden: (isPaddingQueriesHidden) => set({ isPaddingQueriesHidden }),
  setHoveredToken: (hoveredToken) => {
    if (get().hoveredToken !== hoveredToken) set({ hoveredToken });
  },
  setView: (fields) => set(fields),
});
