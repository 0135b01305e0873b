import type { Plugin } from 'vite';

/**
 * tfjs-backend-wasm's threaded glue with `_scriptDir` declared inside its factory, so the factory's
 * source text runs on its own in a pthread worker; throws if the Emscripten wrapper is not the known one.
 */
export declare function closeThreadedFactory(glue: string): string;
/** The Vite plugin that applies closeThreadedFactory to the glue as it loads (page and worker builds). */
export declare function threadedWasmGlue(): Plugin;
