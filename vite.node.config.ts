import { defineConfig } from 'vite';

// The Node build of the library and CLI (src/node.ts) into dist/node: ES modules for Node 20,
// dependencies (fflate) left as imports from node_modules.
export default defineConfig({
  publicDir: false,
  build: {
    ssr: 'src/node.ts',
    outDir: 'dist/node',
    target: 'node20',
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: { output: { entryFileNames: '[name].js', format: 'es' } },
  },
});
