/**
 * Two engines working as one: each holds the same model on the same backend, and a run sends
 * mode A to the first and mode B to the second, so the two forwards overlap on separate cores.
 * Results are merged into one RunOutput; nothing else changes for the caller.
 */
import type { BackendReport } from '../../src/backend/backends';
import { modeKey } from './analyse';
import type { Engine } from './engineClient';
import type { RunOutput, RunRequest } from './protocol';

/** Merges a run of mode A alone and a run of mode B alone into one output. */
export function mergeRuns(a: RunOutput, b: RunOutput): RunOutput {
  return { ...a, b: b.a, totalMs: Math.max(a.totalMs, b.totalMs) };
}

/** An Engine that splits every run between `first` and `second` (mode A, mode B). */
export function createEnginePool(first: Engine, second: Engine): Engine {
  const both = <T>(call: (engine: Engine) => Promise<T>): Promise<T> =>
    Promise.all([call(first), call(second)]).then(([result]) => result);
  return {
    setBackend: (preference) => both((engine) => engine.setBackend(preference)),
    loadUrl: (baseUrl, onProgress) =>
      Promise.all([first.loadUrl(baseUrl, onProgress), second.loadUrl(baseUrl)]).then(
        ([loaded]) => loaded,
      ),
    loadFiles: (files) => both((engine) => engine.loadFiles(files)),
    run: async (request: RunRequest) => {
      if (modeKey(request.modeA) === modeKey(request.modeB)) return first.run(request);
      const [a, b] = await Promise.all([
        first.run({ ...request, modeB: request.modeA }),
        second.run({ ...request, modeA: request.modeB }),
      ]);
      return mergeRuns(a, b);
    },
    onBackendChanged: (listener: (report: BackendReport, message: string) => void) => {
      first.onBackendChanged(listener);
      second.onBackendChanged(listener);
    },
    dispose: () => {
      first.dispose();
      second.dispose();
    },
  };
}
