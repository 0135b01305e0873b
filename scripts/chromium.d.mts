/** Flags for headless Chromium with WebGPU (SwiftShader where there is no GPU) and no background traffic. */
export declare const CHROMIUM_ARGS: readonly string[];
/** CHROME_PATH wins, then the usual install locations; throws a clear message when none exists. */
export declare function chromiumPath(): string;
