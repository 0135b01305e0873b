import { createStore, type StoreApi } from 'zustand/vanilla';
import { createConventionsSlice, type ConventionsSlice } from './conventionsSlice';
import { createInputSlice, type InputSlice } from './inputSlice';
import { createModelSlice, type ModelSlice } from './modelSlice';
import { createOnnxSlice, type OnnxSlice } from './onnxSlice';
import { createRequestSlice, type RequestSlice } from './requestSlice';
import { createSweepSlice, type SweepSlice } from './sweepSlice';
import { createTensorsSlice, type TensorsSlice } from './tensorsSlice';
import { createViewSlice, type ViewSlice } from './viewSlice';

/** The whole app state: one store made of typed slices. Sources of truth only. */
export type AppState = InputSlice &
  ModelSlice &
  RequestSlice &
  TensorsSlice &
  ViewSlice &
  ConventionsSlice &
  SweepSlice &
  OnnxSlice;

/** The store type, for code that reads or subscribes outside React. */
export type AppStore = StoreApi<AppState>;

/** Creates a fresh store (one per page; tests make their own). */
export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createInputSlice(...a),
    ...createModelSlice(...a),
    ...createRequestSlice(...a),
    ...createTensorsSlice(...a),
    ...createViewSlice(...a),
    ...createConventionsSlice(...a),
    ...createSweepSlice(...a),
    ...createOnnxSlice(...a),
  }));
}
