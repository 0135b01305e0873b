// Issue 25: finding the attention, the mask and the scores among a dump's arrays by the names
// people save them under, with the refusals that say what the files hold and what to rename.
import { describe, expect, it } from 'vitest';
import type { DumpFile, NamedArray, ValueKind } from '../../src/dump/arrays';
import { DumpError } from '../../src/dump/dumpError';
import { modeBName, selectArrays, selectMask } from '../../src/dump/select';

/** An array of `shape` whose values count up from `start`. */
function arr(
  name: string,
  shape: readonly number[],
  kind: ValueKind = 'float',
  start = 0,
): NamedArray {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = Float32Array.from({ length: size }, (_, i) => start + i);
  return { name, shape, dtype: kind === 'float' ? '<f4' : '<i8', kind, data };
}

const file = (fileName: string, ...arrays: NamedArray[]): DumpFile => ({ fileName, arrays });
const ATTENTION = [1, 2, 3, 3];
/** An array no rule accounts for: beside it, an attention is found by its name or not at all. */
const STRANGER = arr('ids', [1, 3], 'int');

describe('finding the attention by its name', () => {
  it.each([
    'attentions',
    'attention',
    'attn',
    'attn_weights',
    'attention_weights',
    'weights',
    'probs',
    'attention_probs',
  ])('finds "%s" by its name', (name) => {
    const found = selectArrays([
      file('out.npz', arr('attention_mask', [1, 3], 'int'), STRANGER, arr(name, ATTENTION)),
    ]);
    expect(found.attention.from).toBe(`'${name}' in out.npz`);
    expect(found.attention.shape).toEqual(ATTENTION);
    expect(found.attention.isStackedLayers).toBe(false);
  });

  it('finds a name after a path, a prefix and a separator, in any case', () => {
    for (const name of ['run1.attentions', 'model/Attentions', 'enc-attn', 'x_probs']) {
      const found = selectArrays([file('a.npz', STRANGER, arr(name, ATTENTION))]);
      expect(found.attention.from).toBe(`'${name}' in a.npz`);
    }
  });

  it('does not take a name that only ends in a known one without a separator', () => {
    const files = [file('a.npz', STRANGER, arr('xprobs', ATTENTION))];
    expect(() => selectArrays(files)).toThrow(DumpError);
  });

  it('prefers the earlier name of the list, whichever file holds it', () => {
    const found = selectArrays([
      file('one.npz', arr('attn', ATTENTION)),
      file('two.npz', arr('attentions', ATTENTION, 'float', 5)),
    ]);
    expect(found.attention.from).toBe("'attentions' in two.npz");
    expect(found.attention.data[0]).toBe(5);
  });

  it.each([
    ['attn_weights', 'weights'],
    ['attention_weights', 'weights'],
    ['attentions', 'attn'],
    ['attention', 'probs'],
  ])('prefers "%s" to "%s" in the same file', (preferred, other) => {
    const found = selectArrays([file('a.npz', arr(other, ATTENTION), arr(preferred, ATTENTION))]);
    expect(found.attention.from).toBe(`'${preferred}' in a.npz`);
  });

  it('takes the first file holding the name', () => {
    const found = selectArrays([
      file('one.npz', arr('attn', ATTENTION, 'float', 1)),
      file('two.npz', arr('attn', ATTENTION, 'float', 2)),
    ]);
    expect(found.attention.from).toBe("'attn' in one.npz");
  });

  it('skips an integer array of that name', () => {
    const found = selectArrays([
      file('a.npz', arr('attentions', ATTENTION, 'int'), arr('probs', ATTENTION, 'float', 7)),
    ]);
    expect(found.attention.from).toBe("'probs' in a.npz");
  });

  it('takes the array asked for by name', () => {
    const files = [
      file('run.json', arr('attentions', ATTENTION), arr('attentions_b', ATTENTION, 'float', 9)),
    ];
    const found = selectArrays(files, 'attentions_b');
    expect(found.attention.from).toBe("'attentions_b' in run.json");
    expect(found.attention.data[0]).toBe(9);
    expect(found.attention.dtype).toBe('<f4');
  });
});

describe('per-layer arrays', () => {
  it('stacks arr_0 … arr_10 as layers in the order of their index', () => {
    const layers = [0, 1, 2, 10].map((i) => arr(`arr_${i}`, [1, 2, 2], 'float', 100 * i));
    const found = selectArrays([file('out.npz', layers[3]!, layers[0]!, layers[2]!, layers[1]!)]);
    const { attention } = found;
    expect(attention.shape).toEqual([4, 1, 2, 2]);
    expect(attention.isStackedLayers).toBe(true);
    expect(attention.dtype).toBe('<f4');
    expect(attention.from).toBe('arr_0 … arr_10 in out.npz, stacked as 4 layers');
    expect(Array.from(attention.data.subarray(0, 4))).toEqual([0, 1, 2, 3]);
    expect(Array.from(attention.data.subarray(8, 12))).toEqual([200, 201, 202, 203]);
    expect(Array.from(attention.data.subarray(12, 16))).toEqual([1000, 1001, 1002, 1003]);
    expect(attention.data).toBe(attention.data);
  });

  it.each([
    'attentions.0',
    'attentions_0',
    'layer_0',
    'layers.0',
    'attn.0',
    'attn_weights_0',
    'attention.0',
  ])('stacks per-layer arrays named like %s', (first) => {
    const second = first.replace(/0$/, '1');
    const found = selectArrays([file('out.npz', arr(first, [2, 2]), arr(second, [2, 2]))]);
    expect(found.attention.shape).toEqual([2, 2, 2]);
    expect(found.attention.from).toBe(`${first} … ${second} in out.npz, stacked as 2 layers`);
  });

  it.each([
    ['myarr_0', 'myarr_1'],
    ['arr_0_scaled', 'arr_1_scaled'],
    ['arr-0', 'arr-1'],
    ['arr_12345', 'arr_12346'],
  ])('does not read "%s", "%s" as per-layer arrays', (first, second) => {
    const files = [file('out.npz', arr(first, [2, 2]), arr(second, [2, 2]))];
    expect(() => selectArrays(files)).toThrow(/several float arrays could be the attention/);
  });

  it('reads a single per-layer array as it is', () => {
    const found = selectArrays([file('out.npz', arr('arr_0', [1, 2, 2]))]);
    expect(found.attention.from).toBe("'arr_0' in out.npz");
    expect(found.attention.shape).toEqual([1, 2, 2]);
    expect(found.attention.isStackedLayers).toBe(false);
  });

  it('stacks the largest group of one file, leaving integers and vectors out', () => {
    const found = selectArrays([
      file(
        'out.npz',
        arr('layer_0', [2, 2]),
        arr('arr_0', [2, 2]),
        arr('arr_1', [2, 2]),
        arr('arr_2', [2, 2], 'int'),
        arr('arr_3', [4]),
      ),
    ]);
    expect(found.attention.from).toBe('arr_0 … arr_1 in out.npz, stacked as 2 layers');
  });

  it('refuses per-layer arrays of different shapes, naming both', () => {
    const files = [file('out.npz', arr('arr_0', [2, 2]), arr('arr_1', [3, 3]))];
    expect(() => selectArrays(files)).toThrow(DumpError);
    expect(() => selectArrays(files)).toThrow(
      "out.npz: per-layer arrays differ in shape ('arr_0' [2, 2], 'arr_1' [3, 3]).",
    );
  });

  it('finds a file’s per-layer arrays after another file without any', () => {
    const found = selectArrays([
      file('mask.npy', arr('attention_mask', [1, 2], 'int')),
      file('out.npz', arr('arr_0', [2, 2]), arr('arr_1', [2, 2])),
    ]);
    expect(found.attention.from).toMatch(/in out\.npz, stacked as 2 layers$/);
  });
});

describe('an attention array under another name', () => {
  it('is the only float array when everything else is a mask, scores or labels', () => {
    const found = selectArrays([
      file(
        'out.npz',
        arr('x', ATTENTION),
        arr('scores', ATTENTION),
        arr('run.attention_mask', [1, 3], 'int'),
        arr('input_ids', [1, 3], 'int'),
        arr('labels', [1, 3], 'int'),
        arr('token_labels', [3], 'int'),
        arr('position_ids', [1, 3], 'int'),
        arr('token_type_ids', [1, 3], 'int'),
        arr('tokens', [3], 'int'),
      ),
    ]);
    expect(found.attention.from).toBe("'x' in out.npz");
    expect(found.scores?.array.name).toBe('scores');
  });

  it('may be a single head’s matrix [Tq, Tk]', () => {
    const found = selectArrays([file('one.npy', arr('arr', [3, 3]))]);
    expect(found.attention.from).toBe("'arr' in one.npy");
    expect(found.attention.shape).toEqual([3, 3]);
  });

  it.each(['attention_scores', 'attn_scores', 'pre_softmax', 'logits'])(
    'is not rivalled by float scores named "%s"',
    (name) => {
      const found = selectArrays([file('out.npz', arr('x', ATTENTION), arr(name, ATTENTION))]);
      expect(found.attention.from).toBe("'x' in out.npz");
    },
  );

  it.each(['mytokens', 'labels_2', 'ids'])(
    'is not guessed beside "%s", which no rule accounts for',
    (name) => {
      const files = [file('out.npz', arr('x', ATTENTION), arr(name, [1, 3], 'int'))];
      expect(() => selectArrays(files)).toThrow(/no attention array found/);
    },
  );

  it('is not guessed when another array is unaccounted for', () => {
    const files = [file('out.npz', arr('x', ATTENTION), arr('ids', [1, 3], 'int'))];
    // toThrow(message) alone would pass on `throw undefined`: the class is checked too.
    expect(() => selectArrays(files)).toThrow(DumpError);
    expect(() => selectArrays(files)).toThrow(
      "no attention array found: the file holds 'x' [1, 2, 3, 3] float, 'ids' [1, 3] int; the names looked for are attentions, attention, attn, attn_weights, attention_weights, weights, probs, attention_probs, or one array per layer as arr_0, attentions.0, layer_0 ….",
    );
  });

  it('is not a vector', () => {
    expect(() => selectArrays([file('out.npz', arr('x', [3]))])).toThrow(
      /no attention array found/,
    );
  });

  it('asks which when several float arrays could be it', () => {
    const files = [file('out.npz', arr('x', ATTENTION), arr('y', ATTENTION))];
    expect(() => selectArrays(files)).toThrow(DumpError);
    expect(() => selectArrays(files)).toThrow(
      "several float arrays could be the attention ('x' [1, 2, 3, 3] float, 'y' [1, 2, 3, 3] float); name it 'attentions', or save one per layer as arr_0, arr_1, ….",
    );
  });

  it('reads an unnamed attention beside a float attention_mask, named as a mask', () => {
    const mask = arr('attention_mask', [1, 3]);
    const found = selectArrays([file('out.npz', mask, arr('x', ATTENTION))]);
    expect(found.attention.from).toBe("'x' in out.npz");
    expect(found.mask?.array).toBe(mask);
    // Mask-named floats are left out only as rivals: two unnamed arrays still need a name.
    expect(() =>
      selectArrays([file('out.npz', mask, arr('x', ATTENTION), arr('y', ATTENTION))]),
    ).toThrow(/several float arrays could be the attention \('attention_mask' \[1, 3\] float, 'x'/);
  });

  it('reads a lone float array whatever its name, a file saved as mha_no_mask.npy', () => {
    const found = selectArrays([file('mha_no_mask.npy', arr('mha_no_mask', ATTENTION))]);
    expect(found.attention.from).toBe("'mha_no_mask' in mha_no_mask.npy");
    // With nothing but a mask there is no attention to read.
    expect(() => selectArrays([file('m.npz', arr('attention_mask', [1, 3], 'int'))])).toThrow(
      /^no attention array found: the file holds 'attention_mask' \[1, 3\] int;/,
    );
  });

  it('says the files hold nothing when they do', () => {
    expect(() => selectArrays([file('empty.npz')])).toThrow(
      /^no attention array found: the file holds nothing; the names looked for are attentions,/,
    );
  });
});

describe('finding the mask and the scores', () => {
  const attention = arr('attentions', ATTENTION);

  it.each([
    'attention_mask',
    'mask',
    'key_padding_mask',
    'src_key_padding_mask',
    'padding_mask',
    'lengths',
    'input_lengths',
    'seq_lens',
  ])('finds the mask "%s"', (name) => {
    const found = selectArrays([file('out.npz', attention, arr(name, [1, 3], 'bool'))]);
    expect(found.mask?.array.name).toBe(name);
    expect(found.mask?.file).toBe('out.npz');
  });

  it('has no mask or scores when the files hold none', () => {
    const found = selectArrays([file('out.npz', attention)]);
    expect(found.mask).toBeNull();
    expect(found.scores).toBeNull();
  });

  it('prefers attention_mask to a mere mask, in another file too', () => {
    const found = selectArrays([
      file('a.npz', attention, arr('mask', [1, 3], 'int')),
      file('b.npz', arr('attention_mask', [1, 3], 'int')),
    ]);
    expect(found.mask?.array.name).toBe('attention_mask');
    expect(found.mask?.file).toBe('b.npz');
  });

  it.each(['scores', 'attention_scores', 'attn_scores', 'pre_softmax', 'logits'])(
    'finds float scores named "%s"',
    (name) => {
      const found = selectArrays([file('out.npz', attention, arr(name, ATTENTION))]);
      expect(found.scores?.array.name).toBe(name);
    },
  );

  it('takes no integer array as the scores', () => {
    const found = selectArrays([file('out.npz', attention, arr('scores', ATTENTION, 'int'))]);
    expect(found.scores).toBeNull();
  });
});

describe('the mask of a separate mask file', () => {
  it('is its mask-named array', () => {
    const picked = selectMask(
      file('m.npz', arr('ids', [1, 3], 'int'), arr('key_padding_mask', [1, 3], 'bool')),
    );
    expect(picked.array.name).toBe('key_padding_mask');
    expect(picked.file).toBe('m.npz');
  });

  it('is its only array whatever its name', () => {
    const picked = selectMask(file('m.npy', arr('arr_0', [1, 3], 'int')));
    expect(picked.array.name).toBe('arr_0');
    expect(picked.file).toBe('m.npy');
  });

  it('is asked for by name when the file holds several arrays', () => {
    expect(() => selectMask(file('m.npz', arr('a', [3], 'int'), arr('b', [3], 'int')))).toThrow(
      'm.npz: which array is the mask? Name it attention_mask, key_padding_mask or lengths.',
    );
    expect(() => selectMask(file('m.npz'))).toThrow(/which array is the mask/);
  });
});

describe("a Run JSON's mode B", () => {
  it('is named when the files hold float attentions_b', () => {
    const files = [
      file('run.json', arr('attentions', ATTENTION)),
      file('b.json', arr('attentions_b', ATTENTION)),
    ];
    expect(modeBName(files)).toBe('attentions_b');
  });

  it('is absent otherwise', () => {
    expect(modeBName([file('run.json', arr('attentions', ATTENTION))])).toBeNull();
    expect(modeBName([file('run.json', arr('attentions_b', ATTENTION, 'int'))])).toBeNull();
    expect(modeBName([file('run.json', arr('x.attentions_b', ATTENTION))])).toBeNull();
  });
});
