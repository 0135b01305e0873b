/**
 * The per-head leak table as CSV: one record per layer and head (layer-major, 0-based), the
 * padding leak of the real query rows (mean and max, as a share of the row's weight, 0 to 1)
 * and the range of the real rows' sums, under A and, when there is one, under B.
 */
import type { HeadMeasurements } from '../diagnostics/verdict';
import { toCsv } from './csv';
import { numberText } from './numbers';

/** One compared side: its name ("Correct key mask (c = -1e4)") and its per-head measurements. */
export interface LeakTableSide {
  readonly title: string;
  readonly heads: HeadMeasurements;
}

function sideHeader(slot: 'A' | 'B', title: string): string[] {
  const of = `${slot} = ${title}`;
  return [
    `leak mean (share of row weight), ${of}`,
    `leak max (share of row weight), ${of}`,
    `real-row sum min, ${of}`,
    `real-row sum max, ${of}`,
  ];
}

function sideCells(heads: HeadMeasurements, layer: number, head: number): string[] {
  const leak = heads.leak[layer]?.[head];
  const sums = heads.rowSums[layer]?.[head];
  return [leak?.mean, leak?.max, sums?.min, sums?.max].map((v) => numberText(v ?? NaN));
}

/**
 * The CSV text: a header record, then layers × heads records. B must have A's layers and heads.
 * Throws a RangeError when it does not.
 */
export function leakTableCsv(a: LeakTableSide, b: LeakTableSide | null): string {
  const layers = a.heads.leak.length;
  const heads = a.heads.leak[0]?.length ?? 0;
  if (b !== null && (b.heads.leak.length !== layers || (b.heads.leak[0]?.length ?? 0) !== heads)) {
    throw new RangeError(
      `B has ${b.heads.leak.length}×${b.heads.leak[0]?.length ?? 0} heads, A ${layers}×${heads}.`,
    );
  }
  const header = [
    'layer',
    'head',
    ...sideHeader('A', a.title),
    ...(b === null ? [] : sideHeader('B', b.title)),
  ];
  const records: string[][] = [header];
  for (let layer = 0; layer < layers; layer++) {
    for (let head = 0; head < heads; head++) {
      records.push([
        String(layer),
        String(head),
        ...sideCells(a.heads, layer, head),
        ...(b === null ? [] : sideCells(b.heads, layer, head)),
      ]);
    }
  }
  return toCsv(records);
}
