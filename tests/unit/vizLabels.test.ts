import { describe, expect, it } from 'vitest';
import { axisLabels } from '../../src/viz/axisLabels';

const REAL = ['[CLS]', 'the', 'doctor', 'said', 'that', '[MASK]', 'would', 'be', 'fine', 'and'];
const SENTENCE = [...REAL, 'then', 'she', 'went', 'home', '.', '[SEP]']; // 16 real tokens

describe('detail axis labels at 64 pads', () => {
  it.each([
    ['right', [...SENTENCE, ...Array<string>(64).fill('[PAD]')]],
    ['left', [...Array<string>(64).fill('[PAD]'), ...SENTENCE]],
  ])(
    'label the real tokens as densely as they fit and at most one [PAD] of the run (%s padding)',
    (_side, pieces) => {
      const positions = pieces.map((_, t) => t);
      const labelled = axisLabels(positions, pieces, 2).map((t) => pieces[t]);
      const pads = labelled.filter((piece) => piece === '[PAD]');
      expect(pads.length).toBeLessThanOrEqual(1);
      expect(labelled.length - pads.length).toBeGreaterThanOrEqual(SENTENCE.length / 2);
    },
  );
});
