// "Your tensors" on shapes the heatmaps cannot draw yet (issue 26): the worker's answer keeps
// the check's verdict and says why nothing is drawn, instead of failing the whole check.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkOpenDump } from '../../app/engine/checkTensors';
import type { TensorCheckOptions } from '../../app/protocol/engineProtocol';
import { readDump } from '../../src/dump/readDump';

const OPTIONS: TensorCheckOptions = {
  layout: 'auto',
  convention: 'auto',
  mask: { kind: 'found' },
  framework: 'pytorch',
  tokens: null,
  item: null,
};

function load(path: string) {
  return readDump(new Uint8Array(readFileSync(path)), path);
}

describe('checking a dump for the views', () => {
  it.each([
    ['pooling weights', 'pooling_no_mask.npz', /one query row per head/],
    ['cross-attention', 'cross_attention_no_mask.npz', /\[5, 12\] rectangles/],
  ])('keeps the verdict on %s and says why nothing is drawn', (_kind, file, note) => {
    const answer = checkOpenDump([load(`tests/fixtures/dumps-shapes/${file}`)], [], OPTIONS);
    expect(answer.report.family).toBe('missing-key-mask');
    expect(answer.analysis).toBeNull();
    expect(answer.drawNote).toMatch(note);
  });

  it('draws square self-attention as before, with no note', () => {
    const answer = checkOpenDump([load('tests/fixtures/dumps/dl4j_keys_first.npy')], [], {
      ...OPTIONS,
      mask: { kind: 'lengths', lengths: [10, 6], side: 'right' },
    });
    expect(answer.analysis).not.toBeNull();
    expect(answer.drawNote).toBeNull();
  });
});
