import type { Plugin } from 'vite';

export declare const THREADED_GLUE_PATH: string;
export declare function closeThreadedFactory(glue: string): string;
export declare function threadedWasmGlue(): Plugin;
