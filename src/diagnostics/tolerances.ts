/**
 * The one table of tolerances every check and every view uses, chosen by the data's number
 * format in one function (`tolerancesFor`). The float32 row is the fp32 atol of trusted
 * libraries' padding tests (e.g. pytorch/text `test_padded_input_inference`); the half row
 * (fp16, bf16) allows the few 1e-3 a half-precision softmax row misses 1 by. One table, so the
 * verdict, the head captions, the legend, the CLI and the exports never disagree about what
 * counts as "1", "no leak" or "no drift".
 */

/** The number formats the table has a row for. */
export type ToleranceClass = 'float32' | 'half';

/** What counts as "the same" for one number format. */
export interface Tolerances {
  readonly numberFormat: ToleranceClass;
  /** Largest padding mass of a real query row still counted as no leak (e^-1e4 is 0 in fp32). */
  readonly leak: number;
  /** Largest |row sum - 1| of a real query row. */
  readonly rowSum: number;
  /** Largest |Δ| of a real token (hidden state, or attention between two dumps) between paddings. */
  readonly drift: number;
  /** Largest |line sum - 1| for a line to count as a softmax axis when the layout is guessed. */
  readonly layoutSum: number;
  /** Largest |simulated - dumped| probability for a simulated mask mode to reproduce a dump. */
  readonly scoreMatch: number;
  /** Largest relative spread (max - min) / max of weights read as "all equal". */
  readonly equalSpread: number;
  /** Largest ‖Δ‖/‖p‖ of a pooled vector still read as "unchanged" (float32 noise is ~1e-7 to 1e-6). */
  readonly pooled: number;
}

const FLOAT32: Tolerances = {
  numberFormat: 'float32',
  leak: 1e-6,
  rowSum: 1e-5,
  drift: 1e-5,
  layoutSum: 2e-3,
  scoreMatch: 1e-3,
  equalSpread: 1e-3,
  pooled: 1e-4,
};

const HALF: Tolerances = {
  numberFormat: 'half',
  leak: 1e-6,
  rowSum: 2e-3,
  drift: 1e-3,
  layoutSum: 5e-3,
  scoreMatch: 2e-2,
  equalSpread: 1e-3,
  pooled: 1e-2,
};

/** The float32 row: maskscope's own runs, and every dump stored in 32 bits or more. */
export const TOLERANCES: Tolerances = FLOAT32;

/** The pooling audit's "unchanged" bound for maskscope's own (float32) runs: `TOLERANCES.pooled`. */
export const POOLED_TOLERANCE = TOLERANCES.pooled;

// numpy '<f2', safetensors 'F16' / 'BF16', maskscope's Precision 'fp16' / 'bf16'.
const HALF_DTYPES = /^(?:[<>=|]?f2|f16|bf16|fp16|float16|bfloat16)$/i;

/** The tolerances for data stored as `dtype` (a numpy, safetensors or Precision name). */
export function tolerancesFor(dtype: string): Tolerances {
  return HALF_DTYPES.test(dtype.trim()) ? HALF : FLOAT32;
}

/** The looser of two rows (comparing a half dump with a float32 one judges by the half row). */
export function looserOf(a: Tolerances, b: Tolerances): Tolerances {
  return a.rowSum >= b.rowSum ? a : b;
}

/** True when `sum` is 1 within the row-sum tolerance (false for NaN). */
export function isUnitSum(sum: number, tolerances: Tolerances = TOLERANCES): boolean {
  return Math.abs(sum - 1) <= tolerances.rowSum;
}

/** How a drift reads: not measured yet (null, before the first run), within tolerance, or not (NaN included). */
export function driftStatus(
  drift: number | null,
  tolerances: Tolerances = TOLERANCES,
): 'pending' | 'ok' | 'bad' {
  if (drift === null) return 'pending';
  return drift <= tolerances.drift ? 'ok' : 'bad';
}
