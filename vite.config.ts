import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is served entirely from its own origin: model files live in public/models,
// the tfjs WASM binaries are copied to public/wasm by scripts/copyWasm.mjs.
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: false },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4096 },
});
