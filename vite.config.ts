import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is served entirely from its own origin: model files live in public/models,
// the tfjs WASM binaries are copied to public/wasm by scripts/copyWasm.mjs.
export default defineConfig({
  plugins: [react()],
  // Tests and benchmarks turn hot reload off so an edit never restarts a page mid-run.
  server: { port: 5173, strictPort: false, hmr: process.env.MASKSCOPE_NO_HMR === undefined },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4096 },
});
