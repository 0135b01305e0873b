// A run exported by the app (tfjs CPU backend, the bundled model, 11 tokens + 8 pads, correct
// key mask against no mask) checked against the independent PyTorch reference: its attention, its
// own per-head table, and what the importer reads back from it. Golden values come from
// training/golden/make_export_golden.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseSide } from '../../src/analysis/analysis';
import { attentionOf } from '../../src/analysis/attentionMaps';
import { checkDump } from '../../src/dump/checkDump';
import { readDump } from '../../src/dump/readDump';

interface HeadRow {
  readonly layer: number;
  readonly head: number;
  readonly leakMean: number;
  readonly leakMax: number;
  readonly realRowSumMin: number;
  readonly realRowSumMax: number;
}

interface GoldenSide {
  readonly attention: number[];
  readonly shape: [number, number, number, number];
  readonly heads: HeadRow[];
}

interface Golden {
  readonly tokens: string[];
  readonly mask: number[];
  readonly A: GoldenSide;
  readonly B: GoldenSide;
}

const FIXTURE = 'tests/fixtures/export/run-default.json';
const golden = JSON.parse(readFileSync('tests/golden/export/run-default.json', 'utf8')) as Golden;
const bytes = new Uint8Array(readFileSync(FIXTURE));
const exported = JSON.parse(new TextDecoder().decode(bytes)) as {
  heads: { A: HeadRow[]; B: HeadRow[] };
};
/** tfjs against PyTorch float32 (about 1e-6 here) plus 6-digit rounding (5e-7 under 1). */
const ATTENTION_TOLERANCE = 1e-5;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return max;
}

function headDiff(rows: readonly HeadRow[], reference: readonly HeadRow[]): number {
  const keys = ['leakMean', 'leakMax', 'realRowSumMin', 'realRowSumMax'] as const;
  return Math.max(
    ...reference.map((ref, i) => {
      const row = rows[i];
      expect([row?.layer, row?.head]).toEqual([ref.layer, ref.head]);
      return Math.max(...keys.map((key) => Math.abs((row?.[key] ?? NaN) - ref[key])));
    }),
  );
}

/**
 * The importer's reading of the export. Called inside each test, not at collection time, so
 * that mutation testing charges the code it runs to these tests instead of to every test.
 */
function imported() {
  const report = checkDump([readDump(bytes, 'run-default.json')]);
  const [layers, , heads, seqLen] = report.dump.shape;
  return { report, layers, heads, seqLen, keep: report.dump.keep };
}

describe('a run exported by the app, against the PyTorch reference', () => {
  it('holds mode A attention as the reference computes it, read back by the importer', () => {
    const { report, layers, heads, seqLen, keep } = imported();
    expect(report.layout.letters).toBe('LBHQK');
    expect(Array.from(keep)).toEqual(golden.mask);
    expect([layers, heads, seqLen, seqLen]).toEqual(golden.A.shape);
    expect(maxAbsDiff(report.dump.data, golden.A.attention)).toBeLessThan(ATTENTION_TOLERANCE);
    expect(report.family).toBe('correct');
  });

  it('holds mode B attention as attentions_b, as the reference computes it', () => {
    const { layers, heads, seqLen } = imported();
    const file = readDump(bytes, 'run-default.json');
    const b = file.arrays.find((array) => array.name === 'attentions_b');
    expect(b?.shape).toEqual([layers, 1, heads, seqLen, seqLen]);
    expect(maxAbsDiff(b?.data ?? [], golden.B.attention)).toBeLessThan(ATTENTION_TOLERANCE);
  });

  it('carries per-head leak and row sums that match the reference measured independently', () => {
    const { report, layers, heads, seqLen, keep } = imported();
    expect(headDiff(exported.heads.A, golden.A.heads)).toBeLessThan(1e-5);
    expect(headDiff(exported.heads.B, golden.B.heads)).toBeLessThan(1e-5);
    // And the importer measures the same from what it read.
    const side = analyseSide(attentionOf(report.dump.data, layers, heads, seqLen), keep);
    const rows = side.heads.leak.flatMap((row, layer) =>
      row.map((leak, head) => ({
        layer,
        head,
        leakMean: leak.mean,
        leakMax: leak.max,
        realRowSumMin: side.heads.rowSums[layer]?.[head]?.min ?? NaN,
        realRowSumMax: side.heads.rowSums[layer]?.[head]?.max ?? NaN,
      })),
    );
    expect(headDiff(rows, golden.A.heads)).toBeLessThan(1e-5);
    // The leak under B is real, under A exactly zero.
    expect(Math.max(...golden.B.heads.map((h) => h.leakMax))).toBeGreaterThan(0.1);
    expect(Math.max(...exported.heads.A.map((h) => h.leakMax))).toBe(0);
  });

  it('labels the positions with the exported tokens', () => {
    expect(readDump(bytes, 'run-default.json').labels).toEqual(golden.tokens);
  });
});
