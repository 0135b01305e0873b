import {
  formatScale,
  isPrecision,
  PRECISIONS,
  SCORE_SCALES,
  type Precision,
} from '../../../src/masks/numerics';
import { useAppState } from '../../store/useAppState';
import './NumericsControls.css';

const PRECISION_LABELS: Readonly<Record<Precision, string>> = {
  fp32: 'fp32',
  fp16: 'fp16 (emulated)',
  bf16: 'bf16 (emulated)',
};

/**
 * Precision, causal mask and score scale of both modes' attention. fp16 / bf16 round the scores,
 * the mask constants and their sums as real kernels do (src/model/scoreNumerics.ts).
 */
export function NumericsControls() {
  const numerics = useAppState((s) => s.numerics);
  const setNumerics = useAppState((s) => s.setNumerics);
  return (
    <fieldset className="ms-numerics" aria-label="Attention numerics (both modes)">
      <legend className="ms-field__label">Attention numerics (both modes)</legend>
      <label className="ms-field ms-field--inline">
        <span className="ms-field__label">Precision</span>
        <select
          data-testid="precision"
          value={numerics.precision}
          title="Scores, mask constants and their sums are rounded to this format; softmax in fp32"
          onChange={(event) => {
            const value = event.target.value;
            if (isPrecision(value)) setNumerics({ precision: value });
          }}
        >
          {PRECISIONS.map((precision) => (
            <option key={precision} value={precision}>
              {PRECISION_LABELS[precision]}
            </option>
          ))}
        </select>
      </label>
      <label className="ms-field ms-field--inline">
        <span className="ms-field__label">Score scale</span>
        <select
          data-testid="score-scale"
          value={String(numerics.scoreScale)}
          title="Multiplies S = QKᵀ/√d, as scaling the query projection would"
          onChange={(event) => setNumerics({ scoreScale: Number(event.target.value) })}
        >
          {SCORE_SCALES.map((scale) => (
            <option key={scale} value={String(scale)}>
              S {formatScale(scale)}
            </option>
          ))}
        </select>
      </label>
      <label className="ms-numerics__causal">
        <input
          type="checkbox"
          data-testid="causal"
          checked={numerics.isCausal}
          onChange={(event) => setNumerics({ isCausal: event.target.checked })}
        />{' '}
        Causal mask (key j &gt; query i masked)
        <span className="ms-numerics__note">
          {' '}
          — a decoder-style experiment on an encoder&apos;s weights
        </span>
      </label>
    </fieldset>
  );
}
