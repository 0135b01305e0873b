/** Which padding lengths a sweep runs: 0, step, 2·step, … and always the maximum itself. */

/** What a sweep is asked for, before a model says how far it can go. */
export interface SweepRange {
  /** Pads between two runs (≥ 1). */
  readonly stepPads: number;
  /** The most pads to run; null for the model's limit (max positions − real tokens). */
  readonly maxPads: number | null;
}

/** Default pads between two sweep runs. */
export const DEFAULT_SWEEP_STEP = 8;

/**
 * The pad counts of a sweep: 0, step, … up to `limit` = min(maxPads, maxPositions − realTokens),
 * the limit always included. Throws a RangeError saying what is wrong with the range.
 */
export function sweepPads(range: SweepRange, realTokens: number, maxPositions: number): number[] {
  const { stepPads, maxPads } = range;
  if (!Number.isInteger(stepPads) || stepPads < 1) {
    throw new RangeError(`The sweep step must be a whole number of pads ≥ 1; got ${stepPads}.`);
  }
  const room = maxPositions - realTokens;
  if (room < 0) {
    throw new RangeError(
      `The sentence has ${realTokens} tokens but the model takes at most ${maxPositions}.`,
    );
  }
  if (maxPads !== null && (!Number.isInteger(maxPads) || maxPads < 0)) {
    throw new RangeError(`The sweep's last padding must be a whole number ≥ 0; got ${maxPads}.`);
  }
  const limit = Math.min(maxPads ?? room, room);
  const pads: number[] = [];
  for (let n = 0; n < limit; n += stepPads) pads.push(n);
  pads.push(limit);
  return pads;
}
