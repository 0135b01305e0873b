/** Derived data of "Your tensors": the fields as one object and the check they ask for. */
import { DumpError } from '../../src/dump/errors';
import { parseLengths } from '../../src/dump/mask';
import type { TensorCheckOptions } from '../protocol/engineProtocol';
import type { AppState } from './appState';
import { memoLast } from './memo';
import { tokenize } from '../../src/tokenizer/tokenize';
import type { Vocab } from '../../src/tokenizer/vocab';
import { selectVocab } from './selectors';
import type { TensorFields } from './tensorsSlice';

const fieldsOf = memoLast(
  (
    layout: string,
    convention: TensorFields['convention'],
    maskKind: TensorFields['maskKind'],
    lengths: string,
    padSide: TensorFields['padSide'],
    typedMask: string,
    framework: TensorFields['framework'],
    tokens: string,
    tokensKind: TensorFields['tokensKind'],
    item: number | null,
  ): TensorFields => ({
    layout,
    convention,
    maskKind,
    lengths,
    padSide,
    typedMask,
    framework,
    tokens,
    tokensKind,
    item,
  }),
);

/** The tensor fields as one stable object (changes only when a field does). */
export function selectTensorFields(s: AppState): TensorFields {
  return fieldsOf(
    s.layout,
    s.convention,
    s.maskKind,
    s.lengths,
    s.padSide,
    s.typedMask,
    s.framework,
    s.tokens,
    s.tokensKind,
    s.item,
  );
}

/** Typed 0/1 rows: one line per batch item, values separated by spaces or commas. */
function parseRows(text: string): number[][] {
  const rows = text
    .split(/\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split(/[\s,]+/).map(Number));
  if (rows.length === 0 || rows.some((row) => row.some((v) => v !== 0 && v !== 1))) {
    throw new DumpError(
      'the typed mask must be rows of 0 and 1, one line per batch item, like "1 1 1 0 0".',
    );
  }
  return rows;
}

/** What the engine is asked, or the problem with the fields (shown instead of a check). */
export type TensorPlan =
  | { readonly options: TensorCheckOptions; readonly fields: TensorFields }
  | { readonly problem: string };

/** Position labels: the tokens as typed, or the sentence through the loaded model's tokenizer. */
function labelsOf(fields: TensorFields, vocab: Vocab | null): string[] | null {
  const text = fields.tokens.trim();
  if (text === '') return null;
  if (fields.tokensKind === 'sentence' && vocab !== null) return tokenize(text, vocab).pieces;
  return text.split(/\s+/);
}

const planOf = memoLast((fields: TensorFields, vocab: Vocab | null): TensorPlan => {
  try {
    const mask: TensorCheckOptions['mask'] =
      fields.maskKind === 'lengths'
        ? { kind: 'lengths', lengths: parseLengths(fields.lengths), side: fields.padSide }
        : fields.maskKind === 'typed'
          ? { kind: 'rows', rows: parseRows(fields.typedMask) }
          : { kind: 'found' };
    const tokens = labelsOf(fields, vocab);
    const { layout, convention, framework, item } = fields;
    return { fields, options: { layout, convention, mask, framework, tokens, item } };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
});

/** The check the current fields ask for, or why they cannot be checked. */
export function selectTensorPlan(state: AppState): TensorPlan {
  const vocab = state.tokensKind === 'sentence' ? selectVocab(state) : null;
  return planOf(selectTensorFields(state), vocab);
}
