// `maskscope check`: in-process for the options and output, and once as a real subprocess
// through package.json's bin, for the exit codes CI relies on.
import { execFileSync, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { npyBytes } from './helpers/npyWriter';

const DIR = 'tests/fixtures/dumps';

function run(...argv: string[]): { status: number; out: string; err: string } {
  let out = '';
  let err = '';
  const status = main(
    argv,
    { write: (s: string) => ((out += s), true) } as never,
    {
      write: (s: string) => ((err += s), true),
    } as never,
  );
  return { status, out, err };
}

describe('maskscope check', () => {
  it('exits 0 on a correct dump and names its layout', () => {
    const { status, out } = run('check', `${DIR}/dl4j_keys_first.npy`, '--lengths', '10,6');
    expect(status).toBe(0);
    expect(out).toMatch(
      /^layout: BHKQ \(sure\): dim 2 sums to 1 .* so dim 2 is keys and dim 3 is queries/m,
    );
    expect(out).toMatch(/^family: correct$/m);
  });

  it('exits 1 on a bug, with the fix in the chosen framework', () => {
    const { status, out } = run(
      'check',
      `${DIR}/mha_no_mask.npy`,
      '--mask',
      `${DIR}/mha_no_mask.attention_mask.npy`,
      '--framework',
      'torch-mha',
    );
    expect(status).toBe(1);
    expect(out).toMatch(/^family: missing-key-mask$/m);
    expect(out).toMatch(
      /fix \(PyTorch nn.MultiheadAttention\): .*key_padding_mask=\(attention_mask == 0\)/,
    );
  });

  it('prints one JSON object with the layout letters, the family and the evidence', () => {
    const { status, out } = run('check', `${DIR}/float_add_with_scores.npz`, '--json');
    expect(status).toBe(1);
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(json).toMatchObject({ layout: 'BHQK', family: 'float-add', confidence: 'sure' });
    expect(json['evidence']).toEqual(
      expect.arrayContaining([expect.stringMatching(/Padding mass/)]),
    );
  });

  it('honours a declared layout and lengths padded on the left', () => {
    const { out } = run(
      'check',
      `${DIR}/dl4j_keys_first.npy`,
      '--lengths',
      '10,6',
      '--layout',
      'BHQK',
      '--json',
    );
    // Declared wrong on purpose: rows are then read as keys, so the verdict changes.
    expect(JSON.parse(out)).toMatchObject({ layout: 'BHQK', confidence: 'sure' });
  });

  it('exits 2 with the reason on stderr when the input cannot be read', () => {
    const missing = run('check', `${DIR}/nope.npy`);
    expect(missing.status).toBe(2);
    expect(missing.err).toMatch(/nope\.npy: cannot be read/);
    const noMask = run('check', `${DIR}/dl4j_keys_first.npy`);
    expect(noMask.status).toBe(2);
    expect(noMask.err).toMatch(/no padding mask/);
    const usage = run('check', `${DIR}/dl4j_keys_first.npy`, '--layout');
    expect(usage.status).toBe(2);
    expect(usage.err).toMatch(/--layout needs a value[\s\S]*Usage: maskscope check/);
    expect(
      run('check', `${DIR}/dl4j_keys_first.npy`, '--lengths', '10,6', '--layout', 'BHXQ').err,
    ).toMatch(/layout 'BHXQ' uses letters other than/);
  });

  it('compares two dumps on their real-token blocks', () => {
    const same = run(
      'check',
      `${DIR}/mha_key_padding_mask.npz`,
      '--compare',
      `${DIR}/mha_key_padding_mask.npz`,
    );
    expect(same.out).toMatch(/compare: real-token attention is the same in both dumps/);
    expect(same.status).toBe(0);
  });
});

describe('exit status 3: the check cannot tell', () => {
  const dir = mkdtempSync(join(tmpdir(), 'maskscope-cli-'));
  /** Writes `rows` (each a row of weights over 4 keys) as attention [1, 1, 4, 4] per item. */
  function npy(name: string, rows: readonly number[][]): string {
    const path = join(dir, name);
    writeFileSync(path, npyBytes(Float32Array.from(rows.flat()), [rows.length / 4, 1, 4, 4]));
    return path;
  }
  const softmaxRow = [0.1, 0.2, 0.3, 0.4];

  it('exits 3, not 1, on a correct softmax with no padding to test', () => {
    const file = npy(
      'unpadded.npy',
      Array.from({ length: 8 }, () => softmaxRow),
    );
    const { status, out } = run('check', file, '--lengths', '4,4', '--layout', 'BHQK');
    expect(status).toBe(3);
    expect(out).toMatch(/^confidence: cannot-tell/m);
  });

  it('exits 3 with confidence cannot-tell in --json on weights that are not probabilities', () => {
    const file = npy(
      'negative.npy',
      Array.from({ length: 8 }, () => [2, -1, 0, 0]),
    );
    const { status, out } = run('check', file, '--lengths', '4,2', '--json');
    expect(status).toBe(3);
    expect(JSON.parse(out)).toMatchObject({ confidence: 'cannot-tell', family: 'unknown' });
  });

  it('documents the four statuses in --help', () => {
    const { out } = run('check', '--help');
    expect(out).toMatch(
      /0 +every head is correct\n +1 +a bug was found[\s\S]*2 +the input could not be read\n +3 +cannot tell/,
    );
  });
});

describe('the installed command', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', 'build:node'], { stdio: 'ignore' });
  });

  it.each([
    ['mha_key_padding_mask.npz', 0, 'correct'],
    ['mha_inverted.npz', 1, 'inverted'],
    ['query_axis_layers.safetensors', 1, 'missing-key-mask'],
  ])('npx maskscope check %s exits %d (%s)', (file, status, family) => {
    const result = spawnSync('node', ['bin/maskscope.mjs', 'check', `${DIR}/${file}`, '--json'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(status);
    expect(JSON.parse(result.stdout)).toMatchObject({ family });
  });

  it('exits 2 on a file it cannot read', () => {
    const result = spawnSync('node', ['bin/maskscope.mjs', 'check', 'package.json'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/package\.json/);
  });
});

describe('maskscope check beyond square self-attention (issue 26)', () => {
  const SHAPES = 'tests/fixtures/dumps-shapes';

  it('exits 1 on pooling weights over unmasked frames, in words of frames', () => {
    const { status, out } = run('check', `${SHAPES}/pooling_no_mask.npz`);
    expect(status).toBe(1);
    expect(out).toMatch(/^layout: BK \(sure\)/m);
    expect(out).toMatch(/padded frames/);
  });

  it('gives pooling weights no query axis in --json', () => {
    const { out } = run('check', `${SHAPES}/pooling_multihead_masked.npz`, '--json');
    expect(JSON.parse(out)).toMatchObject({ layout: 'BHK', queryAxis: null, keyAxis: 2 });
  });

  it('exits 0 on a masked decoding step with its layout declared', () => {
    const { status, out } = run('check', `${SHAPES}/decode_step_masked.npz`, '--layout', 'BHQK');
    expect(status).toBe(0);
    expect(out).toMatch(/^family: correct$/m);
  });
});
