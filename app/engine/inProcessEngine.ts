/**
 * The engine without a worker: the same model host, called directly. Used where Web Workers are
 * unavailable (Node tests); in the page it would block the main thread during forwards.
 */
import type { Engine } from './engineClient';
import { createModelHost } from './modelHost';

/** An Engine that runs inference on the calling thread. */
export function createInProcessEngine(): Engine {
  let listener: Parameters<Engine['onBackendChanged']>[0] | null = null;
  const host = createModelHost((report, message) => listener?.(report, message));
  return {
    setBackend: (preference) => host.setBackend(preference),
    loadUrl: (baseUrl, onProgress) => host.loadUrl(baseUrl, onProgress ?? (() => undefined)),
    loadFiles: (files) => host.loadFiles(files),
    run: (request) => host.run(request),
    onBackendChanged: (next) => {
      listener = next;
    },
    dispose: () => undefined,
  };
}
