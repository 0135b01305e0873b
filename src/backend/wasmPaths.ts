// The tfjs WASM binaries are served from the app's own origin (scripts/copyWasm.mjs copies
// them into public/wasm/), never from a CDN: maskscope fetches nothing at run time.

/** Where public/wasm/ is served in the app. */
export const APP_WASM_PATH = '/wasm/';

/**
 * The WASM path prefix to give setWasmPaths: APP_WASM_PATH in a page or worker (which have
 * `location`), undefined in Node, where tfjs finds the binaries in node_modules itself.
 */
export function defaultWasmPath(scope: object = globalThis): string | undefined {
  return 'location' in scope ? APP_WASM_PATH : undefined;
}
