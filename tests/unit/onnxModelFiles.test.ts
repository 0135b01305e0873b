// "Your model" as the engine worker runs it: dropped files in, the page's plain-data answer out
// (roles, verdict, drift per output and padding, the tapped heads as Analyses), with progress.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadOrtForNode } from '../../src/cli/ortNode';
import { externaliseWeights } from '../../src/onnx/externalWeights';
import { checkDroppedModel, type ModelRequest } from '../../src/onnx/modelFiles';

const DIR = 'tests/fixtures/onnx';
const file = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(`${DIR}/${name}`)) });
const request: ModelRequest = { pads: [1, 8], sides: ['right'], overrides: [], text: '', padId: 0 };

describe('a dropped model checked for the page', () => {
  it('answers the inverted encoder with its drift per output and padding, its leaking heads, and progress to the end', async () => {
    const progress: [number, number][] = [];
    const answer = await checkDroppedModel(
      [file('encoder-inverted.onnx')],
      await loadOrtForNode(),
      request,
      (done, total) => progress.push([done, total]),
    );
    expect(answer.verdict).toBe('drifts');
    expect(answer.maskInput).toBe('attention_mask');
    expect(answer.drifts.map((d) => [d.output, d.pads])).toEqual([
      ['output', 1],
      ['output', 8],
    ]);
    expect(answer.runs.map((r) => r.analysis?.a.attention.shape[0])).toEqual([2, 2]);
    expect(answer.runs[1]?.analysis?.a.measurements.leak.max).toBeGreaterThan(0.01);
    // Reference, the mask-flip pair, then one forward per padding.
    expect(progress.map(([done]) => done)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.at(-1)).toEqual([5, 5]);
  });

  it("labels the positions with the dropped vocabulary's tokens", async () => {
    const answer = await checkDroppedModel(
      [file('bert-key.onnx'), file('vocab.txt')],
      await loadOrtForNode(),
      { ...request, pads: [2], text: 'the man went home .' },
    );
    expect(answer.verdict).toBe('invariant');
    expect(answer.runs[0]?.labels).toContain('man');
    expect(answer.runs[0]?.labels.at(-1)).toBe(
      '[PAD] ' + String((answer.runs[0]?.keep.length ?? 0) - 1),
    );
  });

  it('reads weights dropped as .onnx_data beside the .onnx, and names the file when it is missing', async () => {
    const whole = readFileSync(`${DIR}/encoder-correct.onnx`);
    const model = { name: 'm.onnx', bytes: externaliseWeights(whole, 'm.onnx_data') };
    const ort = await loadOrtForNode();
    const answer = await checkDroppedModel(
      [model, { name: 'm.onnx_data', bytes: new Uint8Array(whole) }],
      ort,
      request,
    );
    expect(answer.verdict).toBe('invariant');
    await expect(checkDroppedModel([model], ort, request)).rejects.toThrow(
      /"m\.onnx_data", which was not found/,
    );
  });
});
