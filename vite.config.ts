import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { threadedWasmGlue } from './scripts/threadedWasmGlue.mjs';

/**
 * The built app's Content-Security-Policy. Everything comes from the app's own origin; tfjs-wasm
 * compiles its binary with WebAssembly.instantiate ('wasm-unsafe-eval', not 'unsafe-eval'); the
 * inference worker is a same-origin module script; the favicon is a `data:` URL. tfjs-wasm's
 * threads are blob: workers that importScripts a blob: copy of its glue (worker-src and
 * script-src blob:; the app runs no other blob: script). The dev server goes without it: React
 * refresh injects inline scripts there.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Cross-origin isolation (COOP + COEP), which gives pages and their workers SharedArrayBuffer and
 * so tfjs-wasm its threads. Everything the app loads is its own, so require-corp costs nothing.
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/**
 * Ships the policy with the build three ways: a meta tag in index.html (the page), a `_headers`
 * file for static hosts that read one (Netlify, Cloudflare Pages) and `vite preview`'s headers.
 * Only a header reaches the worker: a worker's policy comes from its own script's response.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'maskscope-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
    generateBundle() {
      const headers = {
        ...CROSS_ORIGIN_ISOLATION,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      };
      const lines = Object.entries(headers).map(([name, value]) => `  ${name}: ${value}\n`);
      const source = `/*\n${lines.join('')}`;
      this.emitFile({ type: 'asset', fileName: '_headers', source });
    },
  };
}

// The app is served entirely from its own origin: model files live in public/models,
// the tfjs WASM binaries are copied to public/wasm by scripts/copyWasm.mjs.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), threadedWasmGlue()],
  // Tests and benchmarks turn hot reload off so an edit never restarts a page mid-run.
  server: {
    port: 5173,
    strictPort: false,
    hmr: process.env.MASKSCOPE_NO_HMR === undefined,
    headers: CROSS_ORIGIN_ISOLATION,
  },
  preview: {
    headers: { ...CROSS_ORIGIN_ISOLATION, 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
  },
  // ES-module workers keep the backends as chunks of their own, loaded when tried, so a first
  // load on WASM does not parse the WebGPU and WebGL backends (an iife worker inlines them all).
  worker: { format: 'es', plugins: () => [threadedWasmGlue()] },
  // dist/web, beside dist/node (vite.node.config.ts): each build empties only its own folder, so
  // building the app never deletes the CLI.
  build: { outDir: 'dist/web', target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4096 },
});
