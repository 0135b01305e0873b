import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BACKEND_ORDER, fallBackFrom, initBackend } from '../../src/backend/backends';
import { APP_WASM_PATH, defaultWasmPath } from '../../src/backend/wasmPaths';
import { wasmThreadCount } from '../../src/backend/wasmThreads';
import { probeWebGlRenderer } from '../../src/backend/webglProbe';
import {
  deviceLostPromise,
  isSoftwareAdapterInfo,
  probeWebGpuAdapter,
  ADAPTER_DEADLINE_MS,
} from '../../src/backend/webgpuProbe';

/** A fake global scope whose navigator.gpu.requestAdapter() resolves to `adapter`. */
const scopeWithAdapter = (adapter: object | null) => ({
  navigator: { gpu: { requestAdapter: () => Promise.resolve(adapter) } },
});

describe('initBackend in Node', () => {
  it('skips webgpu and webgl with their reasons and activates wasm for auto', async () => {
    const report = await initBackend('auto');
    expect(report.active).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.skipped.map((skip) => skip.name)).toEqual(['webgpu', 'webgl']);
    expect(report.skipped[0]?.reason).toMatch(/navigator\.gpu is missing/);
    expect(report.skipped[1]?.reason).toMatch(/webgl backend did not register here/);
    expect(report).toMatchObject({ isSoftwareAdapter: false, adapterDescription: null });
    // Node has no SharedArrayBuffer threads in tfjs-wasm, and no page to tell about it.
    expect(report.wasm).toEqual({ threads: 1, threadsNotice: null });
  });

  it('activates the backend asked for without trying the ones before it', async () => {
    const report = await initBackend('cpu');
    expect(report).toEqual({
      active: 'cpu',
      isSoftwareAdapter: false,
      adapterDescription: null,
      skipped: [],
    });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('falls back from wasm to cpu, and refuses to fall back from cpu', async () => {
    expect((await fallBackFrom('wasm')).active).toBe('cpu');
    await expect(fallBackFrom('cpu')).rejects.toThrow(/no backend to fall back to after 'cpu'/);
  });

  it('lists the backends best first', () => {
    expect(BACKEND_ORDER).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
});

describe('WASM thread count', () => {
  it.each([
    [undefined, 1],
    [1, 1],
    [2, 2],
    [3, 3],
    [16, 4],
  ])('gives %s cores %s threads: every core, up to four', (cores, threads) => {
    expect(wasmThreadCount(cores)).toBe(threads);
  });
});

describe('WebGPU adapter probe', () => {
  it('says why when navigator.gpu is missing or no adapter is returned', async () => {
    expect(await probeWebGpuAdapter({ navigator: {} })).toEqual({
      isFound: false,
      reason: 'navigator.gpu is missing (WebGPU not exposed here)',
    });
    expect(await probeWebGpuAdapter(scopeWithAdapter(null))).toEqual({
      isFound: false,
      reason: 'navigator.gpu.requestAdapter() returned null',
    });
  });

  it('gives up on an adapter that never answers, saying how long it waited', async () => {
    const silent = { navigator: { gpu: { requestAdapter: () => new Promise<never>(() => {}) } } };
    expect(await probeWebGpuAdapter(silent, 20)).toEqual({
      isFound: false,
      reason: 'navigator.gpu.requestAdapter() did not answer within 0.02 s',
    });
    // An answer before the deadline is taken, null included.
    const slow = (adapter: object | null) => ({
      navigator: {
        gpu: { requestAdapter: () => new Promise((done) => setTimeout(() => done(adapter), 5)) },
      },
    });
    expect(await probeWebGpuAdapter(slow(null), 1_000)).toEqual({
      isFound: false,
      reason: 'navigator.gpu.requestAdapter() returned null',
    });
    expect(await probeWebGpuAdapter(slow({ info: { vendor: 'v' } }), 1_000)).toMatchObject({
      isFound: true,
      description: 'v',
    });
    expect(ADAPTER_DEADLINE_MS).toBeGreaterThanOrEqual(5_000);
  });

  it('recognises SwiftShader as a software adapter and describes it', async () => {
    const info = { vendor: 'google', architecture: 'swiftshader', device: '', description: '' };
    expect(await probeWebGpuAdapter(scopeWithAdapter({ info }))).toEqual({
      isFound: true,
      isSoftware: true,
      description: 'google swiftshader',
    });
  });

  it.each([
    ['a fallback flag in the info', { vendor: 'x', isFallbackAdapter: true }, false, true],
    ['the deprecated adapter flag', { vendor: 'x' }, true, true],
    [
      'SwiftShader in the description',
      { description: 'SwiftShader Device (Subzero)' },
      false,
      true,
    ],
    ['a hardware GPU', { vendor: 'nvidia', architecture: 'hopper' }, false, false],
  ])('classifies %s', (_name, info, isFallbackFlag, isSoftware) => {
    expect(isSoftwareAdapterInfo(info, isFallbackFlag)).toBe(isSoftware);
  });
});

/** A fake global scope whose OffscreenCanvas gives a WebGL context with this unmasked renderer. */
const scopeWithRenderer = (renderer: string) => ({
  OffscreenCanvas: class {
    getContext() {
      return {
        RENDERER: 0x1f01,
        getExtension: (name: string) =>
          name === 'WEBGL_debug_renderer_info' ? { UNMASKED_RENDERER_WEBGL: 0x9246 } : null,
        getParameter: (name: number) => (name === 0x9246 ? renderer : 'WebKit WebGL'),
      };
    }
  },
});

describe('WebGL renderer probe', () => {
  it.each([
    [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      true,
    ],
    ['ANGLE (Mesa, llvmpipe (LLVM 15.0.6, 256 bits), OpenGL 4.5)', true],
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', false],
  ])('reads the unmasked renderer %s (software: %s)', (renderer, isSoftware) => {
    expect(probeWebGlRenderer(scopeWithRenderer(renderer))).toEqual({
      isFound: true,
      isSoftware,
      description: renderer,
    });
  });

  it('says why when there is no OffscreenCanvas', () => {
    expect(probeWebGlRenderer({})).toEqual({
      isFound: false,
      reason: 'OffscreenCanvas is missing (no WebGL here)',
    });
  });
});

describe('lost-device and wasm-path helpers', () => {
  it("reads the reason and message of a backend device's lost promise", async () => {
    const lost = Promise.resolve({ reason: 'unknown', message: 'GPU process crashed' });
    await expect(deviceLostPromise({ device: { lost } })).resolves.toEqual({
      reason: 'unknown',
      message: 'GPU process crashed',
    });
    expect(deviceLostPromise({})).toBeUndefined();
  });

  it('serves wasm binaries from /wasm/ in a page or worker and from node_modules in Node', () => {
    expect(defaultWasmPath({ location: {} })).toBe(APP_WASM_PATH);
    expect(defaultWasmPath({})).toBeUndefined();
    expect(defaultWasmPath()).toBeUndefined();
  });
});
