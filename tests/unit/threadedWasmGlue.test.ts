// tfjs-wasm's pthread workers run the threaded factory's source text on its own
// (`factory.toString()`), so minifying must not make the factory read a name from around it: the
// names it reads that no global scope declares (no-undef, which lets `typeof x` pass) must be
// the ones tfjs's own unminified factory reads, which the worker glue defines or never reaches.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { Linter } from 'eslint';
import globals from 'globals';
import { minifySync } from 'vite';
import { describe, expect, it } from 'vitest';
import { closeThreadedFactory } from '../../scripts/threadedWasmGlue.mjs';

const GLUE_FILE =
  'node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
const glue = readFileSync(GLUE_FILE, 'utf8');

/** The text a pthread worker gets: the factory the glue exports (minified as the build does). */
function factoryText(source: string, isMinified: boolean): string {
  const options = { compress: true, mangle: true };
  const code = isMinified ? minifySync('glue.js', source, options).code : source;
  const module = { exports: {} as unknown };
  runInNewContext(code, { module, exports: module.exports });
  const factory = module.exports;
  if (typeof factory !== 'function') throw new Error('the glue exported no factory');
  return factory.toString();
}

/** Names the factory reads (outside `typeof`) that a page, a worker and Node all lack. */
function undeclaredNames(factory: string): string[] {
  // As tfjs-backend-wasm's init() hands it to the workers.
  const script = `var WasmBackendModuleThreadedSimd = ${factory};`;
  const messages = new Linter().verify(script, {
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'script',
      globals: { ...globals.browser, ...globals.worker, ...globals.node },
    },
    rules: { 'no-undef': 'error' },
  });
  const names = messages.map(
    ({ message }) => /'(.+)' is not defined/.exec(message)?.[1] ?? message,
  );
  return [...new Set(names)];
}

describe('the threaded wasm glue', () => {
  it('keeps its factory closed when minified, so a pthread worker can run its text alone', () => {
    const shipped = undeclaredNames(factoryText(glue, false));
    const built = undeclaredNames(factoryText(closeThreadedFactory(glue), true));
    expect(built.filter((name) => !shipped.includes(name))).toEqual([]);
    expect(built.length).toBeGreaterThan(0); // the worker glue's startWorker, for one
  });

  it('declares _scriptDir inside the factory and nowhere around it', () => {
    const closed = closeThreadedFactory(glue);
    const factoryStart = closed.indexOf('function(WasmBackendModuleThreadedSimd) {');
    expect(factoryStart).toBeGreaterThan(0);
    expect(closed.slice(0, factoryStart)).not.toContain('_scriptDir');
    expect(closed.slice(factoryStart)).toContain('var _scriptDir = ');
  });

  it('fails the build loudly when the Emscripten wrapper is not the one it knows', () => {
    expect(() => closeThreadedFactory('var WasmBackendModuleThreadedSimd = 1;')).toThrow(
      /Emscripten wrapper changed/,
    );
  });
});
