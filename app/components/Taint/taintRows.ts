/** The modes and poisons the taint test offers, as data. */
import type { ModeSpec } from '../../../src/masks/modeSpec';
import {
  MASK_CATALOGUE,
  titleOf,
  withConstant,
  type MaskEntry,
} from '../../../src/masks/catalogue';
import type { Taint } from '../../../src/model/encoderIo';

/** One row of the taint table: a mode to run and how to name it. */
export interface TaintRow {
  readonly id: string;
  readonly title: string;
  readonly spec: ModeSpec;
}

/** Poisons offered: a large value BERT's -1e4 still masks, one it does not, and NaN. */
export const TAINT_VALUES: readonly number[] = [100, 1e4, NaN];

/** Where the poison goes, with the label shown. */
export const TAINT_SITES: readonly { readonly at: Taint['at']; readonly label: string }[] = [
  { at: 'embeddings', label: "embeddings' output (layer 0 input)" },
  { at: 'everyLayer', label: "every layer's input" },
];

/** Row of a catalogue entry (or a slot's entry) under a stable id. */
export function rowOf(id: string, entry: MaskEntry): TaintRow {
  return { id, title: titleOf(entry), spec: { mode: entry.mode, positions: entry.positions } };
}

/** Every catalogue entry, once per constant it offers (so -1e4 and float32 min both show). */
export function catalogueRows(): TaintRow[] {
  return MASK_CATALOGUE.flatMap((entry) =>
    entry.constantChoices.length === 0
      ? [rowOf(entry.id, entry)]
      : entry.constantChoices.map((c, i) => rowOf(`${entry.id}-${i}`, withConstant(entry, c))),
  );
}

/** A value as the table heads show it. */
export function formatTaintValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  return Math.abs(value) < 1e3 ? String(value) : value.toExponential(0).replace('e+', 'e');
}
