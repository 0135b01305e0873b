/**
 * The padded run's taps read the way `maskscope check` reads a dump: the attention matrices
 * ([H, Tq, T] per tap, the taps of the first tap's head and query counts as layers) and the
 * poolings over time ([1, T]), each named by its family, layout and headline.
 */
import { checkDump } from '../dump/checkDump';
import type { NamedArray } from '../dump/arrays';
import { DumpError } from '../dump/dumpError';
import type { Family } from '../dump/fingerprint';
import type { PaddedRun } from './paddingTest';

/** Tapped weights as `maskscope check` names them. */
export interface TapAttention {
  readonly family: Family;
  readonly layout: string;
  readonly headline: string;
}

/** The family of the padded run's attention taps, or null when none is a matrix. */
export function attentionOf(run: PaddedRun | null): TapAttention | null {
  if (run === null) return null;
  const seqLen = run.layout.seqLen;
  const arrays: NamedArray[] = [];
  let first: { heads: number; queries: number } | null = null;
  for (const [name, value] of run.tapValues) {
    const shape = run.taps.get(name)?.shape;
    if (shape?.kind !== 'matrices') continue;
    first ??= shape;
    if (shape.heads !== first.heads || shape.queries !== first.queries) continue;
    arrays.push(
      floats(`attentions.${arrays.length}`, [1, first.heads, first.queries, seqLen], value.data),
    );
  }
  return familyOf(arrays, run);
}

/** The family of the padded run's first pooling over time ([1, T] weights), or null. */
export function poolingOf(run: PaddedRun | null): TapAttention | null {
  if (run === null) return null;
  const pooled = [...run.tapValues].find(([name]) => run.taps.get(name)?.shape.kind === 'pooling');
  if (pooled === undefined) return null;
  return familyOf([floats('weights', [1, run.layout.seqLen], pooled[1].data)], run);
}

function floats(name: string, shape: number[], data: Float32Array): NamedArray {
  return { name, shape, dtype: '<f4', kind: 'float', data };
}

function familyOf(arrays: NamedArray[], run: PaddedRun): TapAttention | null {
  if (arrays.length === 0) return null;
  try {
    const report = checkDump([{ fileName: 'taps', arrays }], {
      mask: { kind: 'rows', rows: [Array.from(run.layout.keep)] },
      convention: 'keep',
    });
    return {
      family: report.family,
      layout: report.layout.letters,
      headline: report.verdict.headline,
    };
  } catch (error) {
    if (error instanceof DumpError) return null;
    throw error;
  }
}
