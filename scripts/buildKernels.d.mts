/** A kernel's .wat source and the TypeScript module that carries its bytes. */
export interface KernelFiles {
  readonly wat: string;
  readonly module: string;
  readonly name: string;
  readonly watPath: string;
  readonly modulePath: string;
}
/** Every WebAssembly kernel of src/model/fused. */
export declare const kernels: readonly KernelFiles[];
/** The binary of a .wat text, SIMD on. */
export declare function compileWat(path: string): Promise<Uint8Array>;
/** The TypeScript module that carries a kernel's bytes, base64-encoded. */
export declare function moduleText(kernel: KernelFiles, bytes: Uint8Array): string;
