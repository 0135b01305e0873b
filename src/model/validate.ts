// Input checks run before anything touches the device, so a bad batch fails with a message
// naming the field instead of a backend error (or silently wrong gathers on some backends).
import type { MaskMode } from '../masks/maskMode';
import type { EncoderConfig } from './config';
import { EncoderError } from './encoderError';
import { checkNumerics } from '../masks/numerics';
import { modesOf, numericsOf } from './encoderIo';
import type { EncoderInput, ForwardOptions } from './encoderIo';

function checkRange(
  field: string,
  values: Int32Array,
  expectedLength: number,
  low: number,
  high: number,
): void {
  if (values.length !== expectedLength) {
    throw new EncoderError(
      `${field} has ${values.length} entries, expected batch·seqLen = ${expectedLength}`,
    );
  }
  const bad = values.findIndex((value) => value < low || value >= high);
  if (bad >= 0) {
    throw new EncoderError(`${field}[${bad}] = ${values[bad]} is outside [${low}, ${high})`);
  }
}

function checkMode(mode: MaskMode): void {
  if (!('constant' in mode)) {
    return;
  }
  // -Infinity is a legitimate (NaN-demonstrating) constant; +Infinity and NaN are not masks.
  if (Number.isNaN(mode.constant) || mode.constant === Infinity) {
    throw new EncoderError(`mask mode ${mode.kind} has constant ${mode.constant}`);
  }
}

/** The rows whose logits to compute, as flat b·T + t indices, after checking them. */
export function resolveLogitRows(
  logitRows: ForwardOptions['logitRows'],
  rowCount: number,
): readonly number[] | 'all' {
  if (logitRows === undefined || logitRows === 'all') {
    return 'all';
  }
  const bad = logitRows.find((row) => !Number.isInteger(row) || row < 0 || row >= rowCount);
  if (bad !== undefined) {
    throw new EncoderError(`logitRows entry ${bad} is outside [0, ${rowCount})`);
  }
  return logitRows;
}

/** Throws an EncoderError naming the first invalid field of `input` for a model with `config`. */
export function validateInput(input: EncoderInput, config: EncoderConfig): void {
  const { batch, seqLen } = input;
  if (!Number.isInteger(batch) || batch < 1) {
    throw new EncoderError(`batch must be a positive integer, got ${batch}`);
  }
  if (!Number.isInteger(seqLen) || seqLen < 1 || seqLen > config.maxPositions) {
    throw new EncoderError(
      `seqLen must be an integer in [1, ${config.maxPositions}], got ${seqLen}`,
    );
  }
  const size = batch * seqLen;
  checkRange('ids', input.ids, size, 0, config.vocabSize);
  checkRange('attentionMask', input.attentionMask, size, 0, 2);
  checkRange('positionIds', input.positionIds, size, 0, config.maxPositions);
  if (input.tokenTypeIds !== undefined) {
    checkRange('tokenTypeIds', input.tokenTypeIds, size, 0, config.typeVocabSize);
  }
  const modes = modesOf(input.mode, batch);
  if (modes.length !== batch) {
    throw new EncoderError(`mode lists ${modes.length} mask modes for a batch of ${batch}`);
  }
  modes.forEach(checkMode);
  const numerics = numericsOf(input.numerics, batch);
  if (numerics.length !== batch) {
    throw new EncoderError(`numerics lists ${numerics.length} entries for a batch of ${batch}`);
  }
  numerics.forEach((item, b) => {
    try {
      checkNumerics(item, `numerics[${b}]`);
    } catch (error) {
      throw new EncoderError(error instanceof Error ? error.message : String(error));
    }
  });
}
