/** React bindings of the store: a context that carries it and hooks that read it. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Engine } from '../engine/protocol';
import type { AppState, AppStore } from './appState';

/** What the components need besides state: the store and the model-file loader. */
export interface AppServices {
  readonly store: AppStore;
  /** Loads the user's own config.json, vocab.txt and *.safetensors. */
  readonly loadFiles: (files: readonly File[]) => void;
  /** Opens the user's attention dumps (and a second dump to compare with). */
  readonly openTensors: (files: readonly File[], compareFiles: readonly File[]) => void;
  /** Runs the pooling auditor / the taint test for the current input (see app/engine/protocol.ts). */
  readonly auditPooling: Engine['auditPooling'];
  readonly checkTaint: Engine['checkTaint'];
  /** Runs the padding sweep of the current input; stops the running one. */
  readonly runSweep: () => void;
  readonly cancelSweep: () => void;
}

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
