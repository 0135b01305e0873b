/**
 * Finding the attention, the mask and the scores among a dump's arrays by their names, the way
 * people save them: `attentions`/`attn`/`weights`/`probs`, a Hugging Face tuple saved as
 * `arr_0 … arr_{L-1}` (np.savez(*out.attentions)) or `attentions.0 …` (one tensor per layer),
 * and `attention_mask`/`mask`/`key_padding_mask`/`lengths`.
 */
import type { DumpFile, NamedArray } from './arrays';
import { DumpError } from './dumpError';

const ATTENTION_NAMES = [
  'attentions',
  'attention',
  'attn',
  'attn_weights',
  'attention_weights',
  'weights',
  'probs',
  'attention_probs',
];
const MASK_NAMES = [
  'attention_mask',
  'mask',
  'key_padding_mask',
  'src_key_padding_mask',
  'padding_mask',
  'lengths',
  'input_lengths',
  'seq_lens',
];
const SCORE_NAMES = ['scores', 'attention_scores', 'attn_scores', 'pre_softmax', 'logits'];
/** Arrays a dump may hold beside the attention that say nothing against an unnamed one. */
const EXTRA_NAMES = /^(tokens|labels|input_ids|token_type_ids|position_ids|token_labels)$/;
/** Mode B of a maskscope Run JSON (src/export/runJson.ts), beside mode A's `attentions`. */
const MODE_B_NAME = 'attentions_b';
/** `arr_3`, `attentions.3`, `attentions_3`, `layer_3`, `attn.3`: one array per layer. */
const LAYER_ITEM = /^(arr|attentions?|attn|attn_weights|layer|layers)[._](\d{1,4})$/;

/** The attention found in a dump, with where it came from in words. */
export interface FoundAttention {
  readonly data: Float32Array;
  readonly shape: readonly number[];
  readonly dtype: string;
  /** "'attentions' in out.npz" or "arr_0 … arr_3 in out.npz, stacked as layers". */
  readonly from: string;
  /** True when the first axis is layers because per-layer arrays were stacked. */
  readonly isStackedLayers: boolean;
}

/** What a set of dump files holds, as the checks need it. */
export interface Selection {
  readonly attention: FoundAttention;
  readonly mask: { readonly array: NamedArray; readonly file: string } | null;
  readonly scores: { readonly array: NamedArray; readonly file: string } | null;
}

function baseName(name: string): string {
  return name.replace(/^.*[/]/, '').toLowerCase();
}

/** `attention_mask`, or a name ending in it after a separator (`run1.attention_mask`, a file name). */
function isNamed(name: string, wanted: string): boolean {
  const base = baseName(name);
  return base === wanted || ['.', '_', '-'].some((sep) => base.endsWith(`${sep}${wanted}`));
}

function findNamed(
  files: readonly DumpFile[],
  names: readonly string[],
  kind?: NamedArray['kind'],
) {
  for (const wanted of names) {
    for (const file of files) {
      const array = file.arrays.find(
        (a) => isNamed(a.name, wanted) && (kind === undefined || a.kind === kind),
      );
      if (array !== undefined) return { array, file: file.fileName };
    }
  }
  return null;
}

/** Per-layer arrays of one file, stacked on a new first axis (layer order by their index). */
function stackLayers(file: DumpFile): FoundAttention | null {
  const groups = new Map<string, { index: number; array: NamedArray }[]>();
  for (const array of file.arrays) {
    const match = LAYER_ITEM.exec(baseName(array.name));
    if (match === null || array.kind !== 'float' || array.shape.length < 2) continue;
    const [, prefix = '', index = '0'] = match;
    groups.set(prefix, [...(groups.get(prefix) ?? []), { index: Number(index), array }]);
  }
  const group = [...groups.values()].sort((a, b) => b.length - a.length)[0];
  if (group === undefined) return null;
  group.sort((a, b) => a.index - b.index);
  const [first] = group;
  if (first === undefined) return null;
  const shape = first.array.shape;
  const mismatch = group.find(({ array }) => array.shape.join() !== shape.join());
  if (mismatch !== undefined) {
    throw new DumpError(
      `${file.fileName}: per-layer arrays differ in shape ('${first.array.name}' [${shape.join(', ')}], '${mismatch.array.name}' [${mismatch.array.shape.join(', ')}]).`,
    );
  }
  if (group.length === 1) return foundIn(first.array, `'${first.array.name}' in ${file.fileName}`);
  let data: Float32Array | null = null;
  const names = `${first.array.name} … ${group[group.length - 1]?.array.name ?? ''}`;
  return {
    get data(): Float32Array {
      if (data === null) {
        const stacked = new Float32Array(first.array.data.length * group.length);
        group.forEach(({ array }, layer) => stacked.set(array.data, layer * array.data.length));
        data = stacked;
      }
      return data;
    },
    shape: [group.length, ...shape],
    dtype: first.array.dtype,
    from: `${names} in ${file.fileName}, stacked as ${group.length} layers`,
    isStackedLayers: true,
  };
}

/**
 * `array` as the attention; its data is read on first use, so a lazily inflated member (an
 * .npz's) is not inflated before the mask is found.
 */
function foundIn(array: NamedArray, from: string): FoundAttention {
  return {
    get data() {
      return array.data;
    },
    shape: array.shape,
    dtype: array.dtype,
    from,
    isStackedLayers: false,
  };
}

/** True when the array's name says it is a mask, scores or labels: not a rival attention. */
function isKnownOther(array: NamedArray): boolean {
  const base = baseName(array.name);
  return (
    MASK_NAMES.some((name) => isNamed(array.name, name)) ||
    SCORE_NAMES.includes(base) ||
    EXTRA_NAMES.test(base)
  );
}

function noAttentionError(files: readonly DumpFile[], floats: number): DumpError {
  const listed = files
    .flatMap((f) => f.arrays.map((a) => `'${a.name}' [${a.shape.join(', ')}] ${a.kind}`))
    .join(', ');
  const looked = `the names looked for are ${ATTENTION_NAMES.join(', ')}, or one array per layer as arr_0, attentions.0, layer_0 …`;
  return new DumpError(
    floats > 1
      ? `several float arrays could be the attention (${listed}); name it 'attentions', or save one per layer as arr_0, arr_1, ….`
      : `no attention array found: the file holds ${listed || 'nothing'}; ${looked}.`,
  );
}

function findAttention(files: readonly DumpFile[], preferred?: string): FoundAttention {
  const named = findNamed(files, preferred === undefined ? ATTENTION_NAMES : [preferred], 'float');
  if (named !== null) {
    return foundIn(named.array, `'${named.array.name}' in ${named.file}`);
  }
  for (const file of files) {
    const stacked = stackLayers(file);
    if (stacked !== null) return stacked;
  }
  const floats = files.flatMap((file) =>
    file.arrays
      .filter(
        (a) => a.kind === 'float' && a.shape.length >= 2 && !SCORE_NAMES.includes(baseName(a.name)),
      )
      .map((array) => ({ array, file: file.fileName })),
  );
  // Beside others, a float array named as a mask or labels (a 2-D float attention_mask) is no
  // rival; alone, it is read whatever its name (a file saved as 'mha_no_mask.npy').
  const rivals = floats.length > 1 ? floats.filter(({ array }) => !isKnownOther(array)) : floats;
  const [only] = rivals;
  // An unnamed array is the attention only when nothing else in the files is unaccounted for.
  const others = files.flatMap((file) => file.arrays).filter((a) => a !== only?.array);
  if (only !== undefined && others.every(isKnownOther)) {
    return foundIn(only.array, `'${only.array.name}' in ${only.file}`);
  }
  throw noAttentionError(files, floats.length);
}

/**
 * Finds the attention (the array named `attentionName` when given), and the mask and the scores
 * if the files hold them.
 */
export function selectArrays(files: readonly DumpFile[], attentionName?: string): Selection {
  const attention = findAttention(files, attentionName);
  const mask = findNamed(files, MASK_NAMES);
  const scores = findNamed(files, SCORE_NAMES, 'float');
  return { attention, mask, scores };
}

/** The mask of a separate mask file: a mask-named array, or its only array. */
export function selectMask(file: DumpFile): { array: NamedArray; file: string } {
  const named = findNamed([file], MASK_NAMES);
  if (named !== null) return named;
  const [only] = file.arrays;
  if (file.arrays.length === 1 && only !== undefined) return { array: only, file: file.fileName };
  throw new DumpError(
    `${file.fileName}: which array is the mask? Name it attention_mask, key_padding_mask or lengths.`,
  );
}

/** `attentions_b` when the files hold a Run JSON's mode B beside its mode A, else null. */
export function modeBName(files: readonly DumpFile[]): string | null {
  const arrays = files.flatMap((file) => file.arrays);
  return arrays.some((a) => a.name === MODE_B_NAME && a.kind === 'float') ? MODE_B_NAME : null;
}
