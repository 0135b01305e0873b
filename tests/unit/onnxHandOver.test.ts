// A model handed over to checkModel is not kept: once ONNX Runtime has copied the weights, the
// file's bytes can be collected before the padding test runs (the peak of `bench:onnx`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/cli/collectGarbage';
import { loadOrtForNode } from '../../src/cli/ortNode';
import { handOver } from '../../src/onnx/externalData';
import { checkModel } from '../../src/onnx/modelCheck';

const MODEL = 'tests/fixtures/onnx/encoder-correct.onnx';

/** The fixture handed over, and a weak reference to its bytes (made here, so no frame keeps them). */
function handedOverModel(): { source: () => Uint8Array; bytes: WeakRef<ArrayBufferLike> } {
  const read = new Uint8Array(readFileSync(MODEL)); // its own buffer, not Node's shared pool
  return { source: handOver(read), bytes: new WeakRef(read.buffer) };
}

describe('handing a model over', () => {
  it('gives the bytes once and refuses a second taking', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const take = handOver(bytes);
    expect(take()).toBe(bytes);
    expect(() => take()).toThrow(/handed over twice/);
  });

  it('lets checkModel drop the bytes once ONNX Runtime holds the weights, and still tests', async () => {
    const { source, bytes } = handedOverModel();
    let freedWhenOpened: boolean | null = null;
    const check = await checkModel(source, await loadOrtForNode(), {
      pads: [1, 8],
      onOpened: () => {
        collectGarbage();
        freedWhenOpened = bytes.deref() === undefined;
      },
    });
    expect(freedWhenOpened).toBe(true);
    expect(check.result.verdict).toBe('invariant');
  });
});
