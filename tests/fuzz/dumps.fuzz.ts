// `npm run fuzz`: the whole dump check (`readDump` then `checkDump`) on FUZZ_RUNS (default
// 10,000) cases per parser. Structure-aware cases are valid containers with hostile contents
// (tests/fuzz/hostileDumps.ts); mutated real files and random bytes stay as a baseline. Every
// case must reach a verdict or be refused with a DumpError naming the file, within a second;
// anything else is a failure. Prints, per parser, the share refused at the first check (the
// format not recognised), refused while reading, refused by the checker, and given a verdict.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { deflateSync, inflateSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDump } from '../../src/dump/checkDump';
import { DumpError } from '../../src/dump/dumpError';
import { readDump } from '../../src/dump/readDump';
import { SEEDS, mutated } from '../unit/helpers/fuzz';
import { zipOf } from '../unit/helpers/zipWriter';
import { jsonCases, npyCases, npzCases, safetensorsCases, type DumpCase } from './hostileDumps';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
/** A refusal or a verdict on these small cases takes milliseconds; a second means a blind spot. */
const SLOW_CASE_MS = 1000;

type Stage = 'first' | 'read' | 'check' | 'verdict';
interface Tally {
  cases: number;
  stages: Record<Stage, number>;
  failures: string[];
}
const tallies = new Map<string, Tally>();

/** The first check refuses what is no format maskscope reads, before any parser runs. */
const FIRST_CHECK = /the file is empty|not a format maskscope reads|pickled PyTorch file/;

function stageOf(dumpCase: DumpCase): Stage {
  let files;
  try {
    files = dumpCase.files.map((file) => readDump(file.bytes, file.name));
  } catch (error) {
    const named = dumpCase.files.some((file) => String(error).includes(file.name));
    if (!(error instanceof DumpError) || !named) throw error;
    return FIRST_CHECK.test(error.message) ? 'first' : 'read';
  }
  try {
    checkDump(files, dumpCase.options);
    return 'verdict';
  } catch (error) {
    if (error instanceof DumpError) return 'check';
    throw error;
  }
}

function fuzz(parser: string, cases: fc.Arbitrary<DumpCase>): void {
  const tally: Tally = {
    cases: 0,
    stages: { first: 0, read: 0, check: 0, verdict: 0 },
    failures: [],
  };
  tallies.set(parser, tally);
  fc.assert(
    fc.property(cases, (dumpCase) => {
      tally.cases++;
      const start = performance.now();
      try {
        tally.stages[stageOf(dumpCase)]++;
      } catch (error) {
        tally.failures.push(`${String(error).slice(0, 200)} on ${dumpCase.files[0]?.name ?? ''}`);
      }
      const ms = performance.now() - start;
      if (ms > SLOW_CASE_MS)
        tally.failures.push(`${Math.round(ms)} ms on ${dumpCase.files[0]?.name ?? ''}`);
    }),
    { numRuns: RUNS },
  );
  expect(tally.failures).toEqual([]);
}

const asCase =
  (name: string) =>
  (bytes: Uint8Array): DumpCase => ({ files: [{ name, bytes }], options: {} });
const percent = (part: number, whole: number) =>
  `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`.padStart(9);

afterAll(() => {
  const header = `${'parser'.padEnd(26)}${'cases'.padStart(7)}${'first chk'.padStart(10)}${'reading'.padStart(9)}${'checker'.padStart(9)}${'verdict'.padStart(9)}${'reached'.padStart(9)}${'failures'.padStart(10)}`;
  const rows = [...tallies].map(([parser, t]) => {
    const { first, read, check, verdict } = t.stages;
    return `${parser.padEnd(26)}${String(t.cases).padStart(7)}${percent(first, t.cases)} ${percent(read, t.cases)}${percent(check, t.cases)}${percent(verdict, t.cases)}${percent(check + verdict, t.cases)}${String(t.failures.length).padStart(10)}`;
  });
  const failures = [...tallies].flatMap(([p, t]) =>
    t.failures.slice(0, 5).map((f) => `${p}: ${f}`),
  );
  console.log([header, ...rows, ...failures].join('\n'));
});

describe(`fuzzing the whole dump check, ${RUNS} cases per parser`, () => {
  it('npz: valid archives whose members lie about sizes, CRC-32s and data', () =>
    fuzz('npz (structure-aware)', npzCases));
  it('npy: attention from T = 1 with typed lengths', () => fuzz('npy (structure-aware)', npyCases));
  it('safetensors: shapes spelled as floats, 2^64, overflowing, null metadata', () =>
    fuzz('safetensors (structure-aware)', safetensorsCases));
  it('json: nested lists, at times wrapped 5,000 brackets deep', () =>
    fuzz('json (structure-aware)', jsonCases));

  it.each(Object.entries(SEEDS))('%s: mutated real files', (format, file) => {
    const seed = new Uint8Array(readFileSync(`tests/fixtures/dumps/${file}`));
    fuzz(`${format} (mutated file)`, mutated(seed).map(asCase(file)));
  });

  it('random bytes', () =>
    fuzz('random bytes', fc.uint8Array({ maxLength: 256 }).map(asCase('random.bin'))));
});

describe('a zip that lies about its size', () => {
  it('is refused in about the time it takes to read its header, not to inflate its data', () => {
    // 64 MiB after an .npy header asking for 2^32 floats, declared as 4,096 bytes.
    const text = "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }\n";
    const member = new Uint8Array(10 + text.length + 64 * 2 ** 20);
    member.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length, 0]);
    member.set(new TextEncoder().encode(text), 10);
    const payload = deflateSync(member, { level: 1 });
    const zip = zipOf([{ name: 'attentions.npy', payload, method: 8, size: 4096, crc: 0 }]);
    const inflateStart = performance.now();
    inflateSync(payload);
    const inflateMs = performance.now() - inflateStart;
    const refusalMs = () => {
      const start = performance.now();
      expect(() => readDump(zip, 'lying.npz')).toThrow(/lying\.npz/);
      return performance.now() - start;
    };
    refusalMs(); // the first call compiles the streaming path
    const refuseMs = Math.min(refusalMs(), refusalMs(), refusalMs());
    console.log(
      `lying zip: refused in ${refuseMs.toFixed(1)} ms; inflating it takes ${inflateMs.toFixed(0)} ms`,
    );
    expect(refuseMs).toBeLessThan(inflateMs / 10);
  });
});
