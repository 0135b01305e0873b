// Element-wise comparison of an actual tensor with a golden one, shared by the Node parity test
// and the in-page (Playwright) parity test: plain data in, plain data out, no test framework.

/** What comparing two equally long float arrays found. */
export interface Comparison {
  readonly size: number;
  /** Largest |actual - expected| over the elements that are finite in both; 0 when none. */
  readonly maxAbsDiff: number;
  /** Flat index of that element, -1 when none. */
  readonly worstIndex: number;
  /** Largest |actual - expected| / max(1, |expected|): absolute near 0, relative for big values. */
  readonly maxScaledDiff: number;
  /** Elements where exactly one side is NaN, or the infinities differ. */
  readonly mismatches: number;
  /** Flat index of the first such element, -1 when none. */
  readonly firstMismatch: number;
  readonly worstActual: number;
  readonly worstExpected: number;
}

/**
 * Compares element by element. NaN must face NaN and ±Infinity the same infinity (counted in
 * `mismatches`); finite pairs contribute their absolute difference to `maxAbsDiff`.
 */
export function compareArrays(actual: ArrayLike<number>, expected: ArrayLike<number>): Comparison {
  if (actual.length !== expected.length) {
    throw new Error(`length ${actual.length} differs from the expected ${expected.length}`);
  }
  let maxAbsDiff = 0;
  let worstIndex = -1;
  let maxScaledDiff = 0;
  let mismatches = 0;
  let firstMismatch = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] ?? NaN;
    const e = expected[i] ?? NaN;
    if (Number.isFinite(a) && Number.isFinite(e)) {
      const diff = Math.abs(a - e);
      maxScaledDiff = Math.max(maxScaledDiff, diff / Math.max(1, Math.abs(e)));
      if (diff > maxAbsDiff) {
        maxAbsDiff = diff;
        worstIndex = i;
      }
    } else if (!Object.is(a, e) && !(Number.isNaN(a) && Number.isNaN(e))) {
      mismatches += 1;
      firstMismatch = firstMismatch < 0 ? i : firstMismatch;
    }
  }
  const worstActual = worstIndex < 0 ? NaN : (actual[worstIndex] ?? NaN);
  const worstExpected = worstIndex < 0 ? NaN : (expected[worstIndex] ?? NaN);
  const size = expected.length;
  return {
    size,
    maxAbsDiff,
    worstIndex,
    maxScaledDiff,
    mismatches,
    firstMismatch,
    worstActual,
    worstExpected,
  };
}

/** The multi-index of a flat row-major index: indexToCoords(5, [2, 3]) = [1, 2]. */
export function indexToCoords(index: number, shape: readonly number[]): number[] {
  const coords = new Array<number>(shape.length).fill(0);
  let rest = index;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const size = shape[axis] ?? 1;
    coords[axis] = rest % size;
    rest = Math.floor(rest / size);
  }
  return coords;
}

/** One line for a failure message: "logits: max |diff| 3.1e-6 at [12, 40] (…); 0 NaN/Inf mismatches". */
export function describeComparison(
  label: string,
  comparison: Comparison,
  shape: readonly number[],
): string {
  const { maxAbsDiff, worstIndex, worstActual, worstExpected, mismatches, firstMismatch } =
    comparison;
  const worst =
    worstIndex < 0
      ? 'every finite pair equal'
      : `at [${indexToCoords(worstIndex, shape).join(', ')}] (actual ${worstActual}, expected ${worstExpected})`;
  const nan =
    mismatches === 0
      ? '0 NaN/Inf mismatches'
      : `${mismatches} NaN/Inf mismatches, first at [${indexToCoords(firstMismatch, shape).join(', ')}]`;
  const scaled = comparison.maxScaledDiff.toExponential(2);
  return `${label}: max |diff| ${maxAbsDiff.toExponential(2)} ${worst}; max scaled diff ${scaled}; ${nan}`;
}
