// `maskscope convention`: the API's keep-matrix for a typed or saved mask, the verdict, and the
// exit status (0 correct, 1 a problem, 2 unreadable input), in process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { npyBytes } from './helpers/npyWriter';

function run(...argv: string[]): { status: number; out: string; err: string } {
  let out = '';
  let err = '';
  const status = main(
    ['convention', ...argv],
    { write: (s: string) => ((out += s), true) } as never,
    { write: (s: string) => ((err += s), true) } as never,
  );
  return { status, out, err };
}

describe('maskscope convention', () => {
  it('exits 1 and names the inverted key_padding_mask, with both matrices', () => {
    const { status, out } = run(
      '--api',
      'torch-mha-key-padding',
      '--meant',
      '1 1 1 0 0',
      '--mask',
      '[[True, True, True, False, False]]',
    );
    expect(status).toBe(1);
    expect(out).toContain('verdict: inverted');
    expect(out).toContain('key_padding_mask=True means IGNORE, your array is True at real tokens');
    expect(out).toContain('built (rows = queries, columns = keys):\n  0 0 0 1 1');
    expect(out).toContain('meant:\n  1 1 1 0 0');
  });

  it('exits 0 on a correct mask read from an .npy file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'maskscope-'));
    const file = join(dir, 'mask.npy');
    writeFileSync(file, npyBytes(Float32Array.from([0, 0, 0, -Infinity, -Infinity]), [1, 5]));
    const { status, out } = run('--api', 'torch-sdpa-attn-mask', '--meant', '1 1 1 0 0', file);
    expect(status).toBe(0);
    expect(out).toContain('verdict: correct');
  });

  it('casts with --dtype and prints JSON', () => {
    const { status, out } = run(
      '--api',
      'torch-mha-key-padding',
      '--meant',
      '1 1 0',
      '--mask',
      '0 0 1',
      '--dtype',
      'bool',
      '--json',
    );
    expect(status).toBe(0);
    const json = JSON.parse(out) as { verdict: string; built: number[] };
    expect(json.verdict).toBe('correct');
    expect(json.built).toEqual([1, 1, 0, 1, 1, 0, 1, 1, 0]);
  });

  it('exits 2 with a clear message on a bad token or an unknown API', () => {
    const bad = run('--api', 'hf-attention-mask', '--meant', '1 0', '--mask', '1 nope');
    expect(bad.status).toBe(2);
    expect(bad.err).toContain("'nope' (character 3)");
    expect(run('--api', 'nope', '--meant', '1', '--mask', '1').err).toContain("--api 'nope'");
  });
});
