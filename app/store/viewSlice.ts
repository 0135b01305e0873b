import type { StateCreator } from 'zustand';
import type { ScaleKind } from '../../src/viz/colorScale';
import type { Orientation } from '../../src/viz/layout';
import type { AppState } from './appState';

export type { Orientation, ScaleKind };
/** What a heatmap colours: mode A, mode B, or the difference A − B. */
export type ColorBy = 'A' | 'B' | 'diff';

/** The two overview grids, drawn side by side. */
export type GridPane = 'left' | 'right';

/** A layer and a head, both 0-based. */
export interface HeadRef {
  readonly layer: number;
  readonly head: number;
}

/** The view fields, persisted in the URL (hover excepted). */
export interface ViewFields {
  /** Selected head as asked; clamped to the model's layers and heads by a selector. */
  readonly selected: HeadRef;
  readonly orientation: Orientation;
  readonly scale: ScaleKind;
  readonly colorBy: ColorBy;
}

/** The view slice: selection, axes, colour scale and the hovered token. */
export interface ViewSlice extends ViewFields {
  /** Index t in the padded sequence of the hovered token, or null. */
  readonly hoveredToken: number | null;
  /** What each overview grid shows; by default A on the left and B on the right. */
  readonly gridViews: Readonly<Record<GridPane, ColorBy>>;
  readonly setGridView: (pane: GridPane, view: ColorBy) => void;
  readonly selectHead: (selected: HeadRef) => void;
  /** Moves the selection by (dLayer, dHead), clamped to [0, layers) × [0, heads). */
  readonly moveSelection: (dLayer: number, dHead: number, layers: number, heads: number) => void;
  readonly toggleOrientation: () => void;
  readonly setOrientation: (orientation: Orientation) => void;
  readonly setScale: (scale: ScaleKind) => void;
  readonly setColorBy: (colorBy: ColorBy) => void;
  readonly setHoveredToken: (token: number | null) => void;
  readonly setView: (fields: Partial<ViewFields>) => void;
}

/** The view a fresh app starts with. */
export const DEFAULT_VIEW: ViewFields = {
  selected: { layer: 0, head: 0 },
  orientation: 'rowsAreQueries',
  scale: 'log',
  colorBy: 'A',
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
  setHoveredToken: (hoveredToken) => {
    if (get().hoveredToken !== hoveredToken) set({ hoveredToken });
  },
  setView: (fields) => set(fields),
});
