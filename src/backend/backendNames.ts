// The backends' names, apart from backends.ts so that the page can name them without importing
// TensorFlow.js: tfjs-core reads `location.search` when it is imported, and throws URIError on a
// malformed link (`?s=%FF%FE`), so the page must never import it (only the worker does).

/** The tfjs backends maskscope can run on. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Best first: the order `initBackend` falls back in. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
