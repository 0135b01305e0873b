// "Your tensors" on pooling weights, cross-attention and decoding steps (issue 26): the worker's
// answer draws one batch item of each as [L, H, Tq, Tk] with its own query axis, measured like
// the square heatmaps, and keeps the check's verdict.
import { describe, expect, it } from 'vitest';
import { checkOpenDump } from '../../app/engine/checkTensors';
import { checkDump } from '../../src/dump/checkDump';
import { paddingOfItem, stripOf } from '../../src/dump/itemStrips';
import { DEFAULT_TENSOR_OPTIONS } from './helpers/tensorOptions';
import { dumpManifest, type DumpCase } from './helpers/dumpManifest';

const { cases, filesOf } = dumpManifest('tests/fixtures/dumps-shapes');

function caseNamed(name: string): DumpCase {
  const found = cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no fixture ${name}`);
  return found;
}

/** What the query axis of a manifest case holds, from its layout letters and shape. */
function expectedKind(c: DumpCase, queries: number): string {
  if (!c.layout.includes('Q')) return 'pooling';
  return queries === 1 ? 'step' : 'cross';
}

describe('checking a dump of another shape for the views', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    'draws %s as one item [L, H, Tq, Tk] with its own queries',
    (_name, c) => {
      const answer = checkOpenDump(filesOf(c), [], DEFAULT_TENSOR_OPTIONS);
      const { analysis, report } = answer;
      const [layers, batch, heads, queries, keys] = checkDump(filesOf(c)).dump.shape;
      expect(report.family).toBe(c.family);
      expect(analysis.a.attention.shape).toEqual([layers, heads, queries, keys]);
      expect(analysis.queries?.kind).toBe(expectedKind(c, queries));
      expect(analysis.queries?.labels).toHaveLength(queries);
      expect(analysis.mask).toHaveLength(keys);
      expect(batch).toBeGreaterThan(1);
      // The first item with padding is drawn: a leak can only show there.
      expect(analysis.mask).toContain(0);
      const { leak, tolerances } = analysis.a.measurements;
      if (c.family === 'correct') expect(leak.max).toBeLessThanOrEqual(tolerances.leak);
      else expect(leak.max).toBeGreaterThan(tolerances.leak);
    },
  );

  it('counts every row of cross-attention as a real query, padded keys or not', () => {
    const answer = checkOpenDump(
      filesOf(caseNamed('cross_attention_no_mask')),
      [],
      DEFAULT_TENSOR_OPTIONS,
    );
    const [, heads, queries] = answer.analysis.a.attention.shape;
    const leaking = answer.analysis.a.heads.leak.flat();
    expect(leaking).toHaveLength(heads);
    expect(leaking.every((head) => head.mean > 0)).toBe(true);
    expect(queries).toBeGreaterThan(1);
  });

  it('hands over every item of pooling weights as strips, and none for attention with queries', () => {
    const c = caseNamed('pooling_multihead_masked');
    const { dump } = checkDump(filesOf(c));
    const [, batch, heads, , seqLen] = dump.shape;
    const strips = checkOpenDump(filesOf(c), [], DEFAULT_TENSOR_OPTIONS).itemStrips;
    expect(strips?.shape).toEqual([batch, heads, seqLen]);
    if (strips === null) return;
    const lastHead = heads - 1;
    const offset = ((batch - 1) * heads + lastHead) * seqLen;
    expect(Array.from(stripOf(strips, batch - 1, lastHead))).toEqual(
      Array.from(dump.data.subarray(offset, offset + seqLen)),
    );
    const padding = paddingOfItem(strips, batch - 1);
    const keep = dump.keep.subarray((batch - 1) * seqLen, batch * seqLen);
    expect(Array.from(padding)).toEqual(Array.from(keep, (real) => 1 - real));
    for (const other of ['cross_attention_masked', 'decode_step_masked']) {
      expect(
        checkOpenDump(filesOf(caseNamed(other)), [], DEFAULT_TENSOR_OPTIONS).itemStrips,
      ).toBeNull();
    }
  });

  it('draws the batch item asked for', () => {
    const c = caseNamed('pooling_no_mask');
    const first = checkOpenDump(filesOf(c), [], { ...DEFAULT_TENSOR_OPTIONS, item: 0 });
    const second = checkOpenDump(filesOf(c), [], { ...DEFAULT_TENSOR_OPTIONS, item: 1 });
    expect([first.item, second.item]).toEqual([0, 1]);
    const [a, b] = [first, second].map((answer) => Array.from(answer.analysis.a.attention.data));
    expect(a).not.toEqual(b);
  });

  it('compares two cross-attention dumps cell by cell when their masks agree', () => {
    const masked = filesOf(caseNamed('cross_attention_masked'));
    const unmasked = filesOf(caseNamed('cross_attention_no_mask'));
    const answer = checkOpenDump(unmasked, masked, DEFAULT_TENSOR_OPTIONS);
    expect(answer.analysis.b?.attention.shape).toEqual(answer.analysis.a.attention.shape);
    expect(answer.analysis.b?.measurements.leak.max).toBe(0);
    expect(answer.comparison?.maxDiff).toBeGreaterThan(0.01);
  });

  it('draws square self-attention as before, with no query axis of its own', () => {
    const square = dumpManifest('tests/fixtures/dumps');
    const c = square.cases.find((entry) => entry.name === 'dl4j_keys_first');
    if (c === undefined || c.mask.kind !== 'lengths') throw new Error('no dl4j fixture');
    const answer = checkOpenDump(square.filesOf(c), [], {
      ...DEFAULT_TENSOR_OPTIONS,
      mask: c.mask,
    });
    const [, , queries, keys] = answer.analysis.a.attention.shape;
    expect(queries).toBe(keys);
    expect(answer.analysis.queries).toBeUndefined();
  });
});
