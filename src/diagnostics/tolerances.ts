/**
 * The float32 tolerances every check and every view uses (the fp32 atol of trusted libraries'
 * padding tests, e.g. pytorch/text `test_padded_input_inference`). One table, so the verdict,
 * the legend and the bars never disagree about what counts as "1" or "no leak".
 */
export const TOLERANCES = {
  /** Largest padding mass of a real query row still counted as no leak. */
  leak: 1e-6,
  /** Largest |row sum - 1| of a real query row. */
  rowSum: 1e-5,
  /** Largest |Δ hidden| of a real token between paddings. */
  drift: 1e-5,
} as const;

/** True when `sum` is 1 within the row-sum tolerance (false for NaN). */
export function isUnitSum(sum: number): boolean {
  return Math.abs(sum - 1) <= TOLERANCES.rowSum;
}

/** How a drift reads: not measured yet (null, before the first run), within tolerance, or not (NaN included). */
export function driftStatus(drift: number | null): 'pending' | 'ok' | 'bad' {
  if (drift === null) return 'pending';
  return drift <= TOLERANCES.drift ? 'ok' : 'bad';
}
