// Copies the TensorFlow.js WASM binaries into public/wasm/ so the app serves them from its own
// origin (see src/backend/wasmPaths.ts). Run before `vite` / `vite build` / the browser tests.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
const target = join(root, 'public', 'wasm');

const binaries = readdirSync(source).filter((name) => name.endsWith('.wasm'));
if (binaries.length === 0) {
  throw new Error(`No .wasm files in ${source}: is @tensorflow/tfjs-backend-wasm installed?`);
}
mkdirSync(target, { recursive: true });
for (const name of binaries) {
  copyFileSync(join(source, name), join(target, name));
}
console.log(`copyWasm: ${binaries.length} files → public/wasm/ (${binaries.join(', ')})`);
