// The per-head products of the attention in WebAssembly SIMD (headsProduct.wat), for the wasm
// backend's MaskscopeHeadsMatMul. Same sums in the same order as the JavaScript blocks in
// heads.ts, so the same bits, 2–5× faster at attention's sizes. Where WebAssembly SIMD is not
// available (or compiling is refused), `headsProductModule()` is null and heads.ts keeps to
// JavaScript.
import { HEADS_PRODUCT_WASM } from './headsProductWasm';

/** Where every head's C = A·B lies in the flat arrays (see heads.ts's `headsMatMul`). */
export interface HeadsLayout {
  readonly batch: number;
  readonly heads: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** C as [B·M, H·N] (the merged heads the output projection reads) instead of [B, H, M, N]. */
  readonly merge: boolean;
}

interface ProductModule {
  readonly memory: WebAssembly.Memory;
  readonly mm: (
    a: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    rowStride: number,
  ) => void;
}

const PAGE_BYTES = 65_536;
let compiled: ProductModule | null | undefined;

/** The compiled kernel, made on first use; null where this engine cannot run it. */
export function headsProductModule(): ProductModule | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = Uint8Array.from(atob(HEADS_PRODUCT_WASM), (char) => char.charCodeAt(0));
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    compiled = {
      memory: exports.memory as WebAssembly.Memory,
      mm: exports.mm as ProductModule['mm'],
    };
  } catch {
    // No SIMD (CompileError), or a page whose policy refuses to compile: JavaScript it is.
    compiled = null;
  }
  return compiled;
}

/** One head's product: where its A, B and C start in the flat arrays, and C's row stride. */
export interface HeadPlace {
  readonly aAt: number;
  readonly bAt: number;
  readonly cAt: number;
  readonly rowStride: number;
}

/** Calls `visit` with every (batch, head)'s place, in order. */
export function forEachHead(layout: HeadsLayout, visit: (place: HeadPlace) => void): void {
  const { batch, heads, m, k, n, merge } = layout;
  for (let bi = 0; bi < batch; bi++) {
    for (let h = 0; h < heads; h++) {
      const bh = bi * heads + h;
      visit({
        aAt: bh * m * k,
        bAt: bh * k * n,
        cAt: merge ? bi * m * heads * n + h * n : bh * m * n,
        rowStride: merge ? heads * n : n,
      });
    }
  }
}

/**
 * C = A·B for every (batch, head) in the module's memory: A and B are copied in once, every head
 * is one call, and C is copied out once (the copies are O(T·d); the products O(T²·d)).
 */
export function multiplyHeadsWasm(
  product: ProductModule,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  layout: HeadsLayout,
): void {
  const bytes = (a.length + b.length + c.length) * 4;
  const missing = bytes - product.memory.buffer.byteLength;
  if (missing > 0) product.memory.grow(Math.ceil(missing / PAGE_BYTES));
  const memory = new Float32Array(product.memory.buffer);
  memory.set(a, 0);
  memory.set(b, a.length);
  const cBase = a.length + b.length;
  const { m, k, n } = layout;
  forEachHead(layout, ({ aAt, bAt, cAt, rowStride }) =>
    product.mm(aAt * 4, (a.length + bAt) * 4, (cBase + cAt) * 4, m, k, n, rowStride),
  );
  c.set(memory.subarray(cBase, cBase + c.length));
}
