/** React bindings of the store: a context that carries it and hooks that read it. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { PoolingRequest } from '../../src/analysis/poolingRun';
import type { TaintRequest } from '../../src/analysis/taintRun';
import type { ModelRequest } from '../../src/onnx/modelFiles';
import type { AppState, AppStore } from './appState';
import type { TaintMode } from './onDemandRecords';

/**
 * What the UI may ask of the session beyond store changes (app/session/session.ts implements
 * it). Each call starts a request whose state and answer land in the store (requestSlice.ts).
 */
export interface Session {
  /** Loads a model from the user's own files (config.json, vocab.txt, model.safetensors). */
  readonly loadFiles: (files: readonly File[]) => void;
  /** Opens the user's dump files (and a second dump to compare with) as "Your tensors". */
  readonly openTensors: (files: readonly File[], compareFiles: readonly File[]) => void;
  /** Runs the padding test of a dropped ONNX export ("Your model") with its side files. */
  readonly checkOnnx: (files: readonly File[], request: ModelRequest) => void;
  /** Reads a mask file for the convention check (in the worker, like every user file). */
  readonly openMaskFile: (file: File) => void;
  /** Runs the pooling auditor on the engine; `key` names the input it answers. */
  readonly auditPooling: (request: PoolingRequest, key: string) => void;
  /** Runs the taint test on the engine for these modes (rows); `key` names its input. */
  readonly checkTaint: (request: TaintRequest, rows: readonly TaintMode[], key: string) => void;
  /** Runs the padding sweep of the current input; stops the running one. */
  readonly runSweep: () => void;
  readonly cancelSweep: () => void;
  readonly dispose: () => void;
}

/** What the components need besides state: the store and the session. */
export type AppServices = Session & { readonly store: AppStore };

/** Provided once by main.tsx. */
export const AppServicesContext = createContext<AppServices | null>(null);

/** The services; throws outside the provider, which is a programming error. */
export function useAppServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (services === null) throw new Error('useAppServices must be used inside AppServicesContext.');
  return services;
}

/** Subscribes to one selected value; selectors must return stable references (see selectors.ts). */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useAppServices().store, selector);
}
