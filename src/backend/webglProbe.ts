// What we ask of WebGL before handing it to tfjs: which renderer draws, and is it a software
// one (SwiftShader under ANGLE in headless Chromium without a GPU)? Works in a worker through
// OffscreenCanvas; typed locally, like webgpuProbe.ts, so that src/ needs no DOM globals.
import { isSoftwareAdapterInfo } from './webgpuProbe';

interface GlLike {
  readonly RENDERER: number;
  getExtension(name: string): unknown;
  getParameter(name: number): unknown;
}

type CanvasConstructor = new (
  width: number,
  height: number,
) => {
  getContext(kind: 'webgl2' | 'webgl'): GlLike | null;
};

/** The outcome of looking at the WebGL renderer. */
export type RendererProbe =
  | { readonly isFound: true; readonly isSoftware: boolean; readonly description: string }
  | { readonly isFound: false; readonly reason: string };

/** The renderer string, unmasked where the browser allows it ("ANGLE (Google, Vulkan … SwiftShader …)"). */
function rendererOf(gl: GlLike): string {
  const info = gl.getExtension('WEBGL_debug_renderer_info') as {
    readonly UNMASKED_RENDERER_WEBGL: number;
  } | null;
  return String(gl.getParameter(info?.UNMASKED_RENDERER_WEBGL ?? gl.RENDERER));
}

/** Opens a 1×1 WebGL context, reads its renderer and lets it go; never throws. */
export function probeWebGlRenderer(scope: object = globalThis): RendererProbe {
  const Canvas: unknown = Reflect.get(scope, 'OffscreenCanvas');
  if (typeof Canvas !== 'function') {
    return { isFound: false, reason: 'OffscreenCanvas is missing (no WebGL here)' };
  }
  try {
    const canvas = new (Canvas as CanvasConstructor)(1, 1);
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (gl === null) return { isFound: false, reason: 'no WebGL context could be created' };
    const description = rendererOf(gl);
    (gl.getExtension('WEBGL_lose_context') as { loseContext(): void } | null)?.loseContext();
    return { isFound: true, isSoftware: isSoftwareAdapterInfo({ description }), description };
  } catch (error) {
    return { isFound: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
