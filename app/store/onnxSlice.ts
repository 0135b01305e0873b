/**
 * "Your model": the progress of the padding test that runs, and which padded run's taps the
 * grids show. The check itself is the `onnx` request (requestSlice.ts).
 */
import type { StateCreator } from 'zustand';
import type { ModelAnswer } from '../../src/onnx/modelFiles';
import type { AppState } from './appState';

/** A checked ONNX export: the files dropped and the engine's answer. */
export interface OnnxRecord {
  readonly files: readonly string[];
  readonly answer: ModelAnswer;
}

/** The slice. */
export interface OnnxSlice {
  /** Forwards done of about `total` in the running check, or null when none runs. */
  readonly onnxProgress: { readonly done: number; readonly total: number } | null;
  /** Index (in the answer's runs) of the padded run whose taps the grids show. */
  readonly onnxRun: number;
  readonly progressOnnx: (checkId: number, done: number, total: number) => void;
  readonly setOnnxRun: (index: number) => void;
}

/** Creates the slice. */
export const createOnnxSlice: StateCreator<AppState, [], [], OnnxSlice> = (set, get) => ({
  onnxProgress: null,
  onnxRun: 0,
  progressOnnx: (checkId, done, total) => {
    if (checkId === get().onnx.id) set({ onnxProgress: { done, total } });
  },
  setOnnxRun: (onnxRun) => set({ onnxRun }),
});
