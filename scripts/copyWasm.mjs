// Copies the TensorFlow.js WASM binaries into public/wasm/, and ONNX Runtime Web's single
// threaded-SIMD binary into public/ort/ ("Your model", app/engine/ortBrowser.ts), so the app
// serves them from its own origin (see src/backend/wasmPaths.ts). Run before `vite` /
// `vite build` / the browser tests.
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

// ONNX Runtime Web: the wasm build's bundle carries its JS glue; only the binary is fetched.
const ortSource = join(root, 'node_modules', 'onnxruntime-web', 'dist');
const ortTarget = join(root, 'public', 'ort');
const ORT_BINARY = 'ort-wasm-simd-threaded.wasm';
mkdirSync(ortTarget, { recursive: true });
copyFileSync(join(ortSource, ORT_BINARY), join(ortTarget, ORT_BINARY));
console.log(`copyWasm: ${ORT_BINARY} → public/ort/`);
