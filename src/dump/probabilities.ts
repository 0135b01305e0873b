/**
 * Is the attention a dump holds attention probabilities at all? Weights after a softmax lie in
 * [0, 1] (NaN aside: a fully masked row is a bug the checker names). Negative values, values
 * above 1, infinities or all zeros mean raw scores, logits or something else, and no verdict on
 * them is worth an exit status: the check says what it found and asks for the weights after
 * the softmax, or for the layout (issue 22, item 7).
 */
import { formatSignificant } from '../diagnostics/format';
import { DumpError } from './dumpError';

/** The input cannot be judged: it is not attention probabilities, or its layout is undecidable. */
export class UndecidableInput extends DumpError {}

/** What the values of an attention array are, in one pass. */
export interface ValueSummary {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly negatives: number;
  readonly aboveOne: number;
  readonly infinities: number;
  readonly zeros: number;
}

/** Counts the values outside [0, 1] (beyond `slack`), the infinities and the zeros. */
export function summariseValues(data: Float32Array, slack: number): ValueSummary {
  let min = Infinity;
  let max = -Infinity;
  let negatives = 0;
  let aboveOne = 0;
  let infinities = 0;
  let zeros = 0;
  for (const value of data) {
    if (Number.isNaN(value)) continue;
    if (value === Infinity || value === -Infinity) infinities += 1;
    else if (value < -slack) negatives += 1;
    else if (value > 1 + slack) aboveOne += 1;
    if (value === 0) zeros += 1;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return { count: data.length, min, max, negatives, aboveOne, infinities, zeros };
}

/** Why the values cannot be softmax weights, in words; null when they can. */
export function notProbabilities(summary: ValueSummary): string | null {
  const { count, min, max, negatives, aboveOne, infinities, zeros } = summary;
  const range = `values from ${formatSignificant(min)} to ${formatSignificant(max)}`;
  if (infinities > 0) return `${infinities} of ${count} values are infinite (${range})`;
  if (negatives > 0 || aboveOne > 0) {
    const parts = [
      negatives > 0 ? `${negatives} negative` : '',
      aboveOne > 0 ? `${aboveOne} above 1` : '',
    ].filter((part) => part !== '');
    return `${parts.join(' and ')} of ${count} values (${range}), so these are not softmax weights (raw scores or logits look like this)`;
  }
  if (count > 0 && zeros === count) return `every one of its ${count} values is 0`;
  return null;
}

/** The refusal for attention `from` that is not probabilities. */
export function notProbabilitiesError(from: string, why: string): UndecidableInput {
  return new UndecidableInput(
    `cannot tell: ${from} is not attention probabilities: ${why}. Dump the weights after the softmax (the attention probabilities), or declare the layout with --layout if the axes were misread.`,
  );
}

/** The refusal when the layout was only a guess and the mask did not fit it. */
export function undecidedLayoutError(
  from: string,
  reason: string,
  cause: string,
): UndecidableInput {
  return new UndecidableInput(
    `cannot tell: the layout of ${from} cannot be decided from its values (${reason}), and under that guess the mask does not fit (${cause}). Declare the layout with --layout (e.g. BHQK), or dump the weights after the softmax.`,
  );
}
