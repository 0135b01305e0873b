/**
 * A full garbage collection from a CLI process started without `--expose-gc`. `maskscope model`
 * calls it once ONNX Runtime has copied a model's weights: V8 counts the file's bytes (hundreds
 * of MB outside its heap) but would collect them only after the padding test's forwards had
 * grown ORT's heap beside them, and the peak is what runs out of memory.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null = null;

export function collectGarbage(): void {
  if (gc === null) {
    // The flag takes effect for contexts made after it is set: a new one hands out `gc`.
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
