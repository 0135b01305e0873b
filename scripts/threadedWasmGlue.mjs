// tfjs-backend-wasm starts its pthread workers from the text of its threaded Emscripten factory:
// each worker runs `importScripts(Blob(['var WasmBackendModuleThreadedSimd = ' +
// factory.toString()]))` (backend_wasm.ts, init()). That works only while the factory is a closed
// function. Emscripten's MODULARIZE wrapper declares `_scriptDir` one scope outside it, and the
// factory reads it as `typeof _scriptDir !== "undefined" && _scriptDir`, which is safe in a worker
// where `_scriptDir` does not exist. A minifier that sees the outer declaration may fold the guard
// to `e !== void 0 && e` (Oxc does: it assumes no code reads Function.prototype.toString), and
// every pthread worker then dies with `ReferenceError: e is not defined`, leaving the engine to
// wait for threads that never start. Moving the declaration into the factory closes it again.

/** The module of tfjs-backend-wasm whose factory pthread workers rebuild from its text. */
const THREADED_GLUE_PATH = 'tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';

const OUTER_SCRIPT_DIR =
  "  var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;\n" +
  "  if (typeof __filename !== 'undefined') _scriptDir = _scriptDir || __filename;\n";

const FACTORY_START =
  'function(WasmBackendModuleThreadedSimd) {\n' +
  '  WasmBackendModuleThreadedSimd = WasmBackendModuleThreadedSimd || {};\n';

function occurrences(text, part) {
  return text.split(part).length - 1;
}

/**
 * The threaded glue with `_scriptDir` declared inside the factory instead of around it, so the
 * factory's source text runs on its own. Throws if the glue is not the Emscripten output this
 * expects (a tfjs upgrade): a silent no-op would bring the blank app back.
 */
export function closeThreadedFactory(glue) {
  for (const part of [OUTER_SCRIPT_DIR, FACTORY_START]) {
    if (occurrences(glue, part) !== 1) {
      throw new Error(
        `${THREADED_GLUE_PATH}: expected one ${JSON.stringify(part.trim().slice(0, 40))}…, ` +
          'the Emscripten wrapper changed; check that its factory still needs no outer variable',
      );
    }
  }
  return glue
    .replace(OUTER_SCRIPT_DIR, '')
    .replace(FACTORY_START, FACTORY_START + OUTER_SCRIPT_DIR);
}

/** Applies closeThreadedFactory to tfjs-backend-wasm's threaded glue as Vite loads it. */
/** @returns {import('vite').Plugin} */
export function threadedWasmGlue() {
  return {
    name: 'maskscope-threaded-wasm-glue',
    transform: {
      filter: { id: /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/ },
      handler: (code) => ({ code: closeThreadedFactory(code), map: null }),
    },
  };
}
