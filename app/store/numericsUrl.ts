/**
 * The attention numerics in the URL: `prec=fp16|bf16`, `causal=1`, `sscale=1e5` (`scale` already
 * names the colour scale). Defaults are left out; an unknown value falls back to its default.
 */
import {
  DEFAULT_NUMERICS,
  isPrecision,
  SCORE_SCALES,
  type AttentionNumerics,
} from '../../src/masks/numerics';

/** Reads the numerics from URL parameters (`get` returns a parameter or null); never throws. */
export function parseNumericsParams(get: (name: string) => string | null): AttentionNumerics {
  const precision = get('prec');
  const scale = Number(get('sscale') ?? NaN);
  return {
    precision: isPrecision(precision) ? precision : DEFAULT_NUMERICS.precision,
    isCausal: get('causal') === '1',
    scoreScale: SCORE_SCALES.includes(scale) ? scale : DEFAULT_NUMERICS.scoreScale,
  };
}

/** The URL parameters of `numerics` as [name, value, isSet] rows; defaults are not set. */
export function numericsParamEntries(numerics: AttentionNumerics): [string, string, boolean][] {
  const d = DEFAULT_NUMERICS;
  return [
    ['prec', numerics.precision, numerics.precision !== d.precision],
    ['causal', '1', numerics.isCausal],
    [
      'sscale',
      numerics.scoreScale.toExponential().replace('+', ''),
      numerics.scoreScale !== d.scoreScale,
    ],
  ];
}
