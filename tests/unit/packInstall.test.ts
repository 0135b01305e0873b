// The CLI outside this repository: `npm pack` builds it (prepack), the tarball holds only the
// built CLI and library, and installed into an empty project without the network its
// `maskscope check` and `maskscope convention` give the exit codes the README documents.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installOffline, packRepository } from './helpers/offlineInstall';

const DUMPS = resolve('tests/fixtures/dumps');
const TARBALL_LIMIT_BYTES = 2 * 1024 * 1024;

let dir = '';
let tarball = '';
let project = '';

function maskscope(...argv: string[]): { status: number | null; out: string; err: string } {
  const bin = join(project, 'node_modules', '.bin', 'maskscope');
  const result = spawnSync(bin, argv, { cwd: project, encoding: 'utf8' });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maskscope-pack-'));
  tarball = packRepository(dir);
  project = installOffline(tarball, dir);
}, 300_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('the packed maskscope CLI in an empty project', () => {
  it('is a tarball under 2 MB', () => {
    expect(statSync(tarball).size).toBeLessThan(TARBALL_LIMIT_BYTES);
  });

  it("installs none of the app's packages, nor ONNX Runtime (an optional peer of maskscope model)", () => {
    const installed = readdirSync(join(project, 'node_modules'));
    expect(installed).toContain('maskscope');
    for (const appOnly of [
      'react',
      'react-dom',
      '@tensorflow',
      'd3',
      'zustand',
      'onnxruntime-web',
    ]) {
      expect(installed).not.toContain(appOnly);
    }
  });

  it('check exits 0 on a correct dump', () => {
    const file = join(DUMPS, 'dl4j_keys_first.npy');
    const { status, out } = maskscope('check', file, '--lengths', '10,6');
    expect(out).toMatch(/^family: correct$/m);
    expect(status).toBe(0);
  });

  it('check exits 1 on a dump whose mask misses the keys', () => {
    const file = join(DUMPS, 'mha_no_mask.npy');
    const mask = join(DUMPS, 'mha_no_mask.attention_mask.npy');
    const { status, out } = maskscope('check', file, '--mask', mask);
    expect(out).toMatch(/^family: missing-key-mask$/m);
    expect(status).toBe(1);
  });

  it('check exits 2 on a file that is not a dump, with the reason on stderr', () => {
    const { status, err } = maskscope('check', join(project, 'package.json'));
    expect(err).toMatch(/^maskscope: /);
    expect(status).toBe(2);
  });

  it('model without ONNX Runtime installed exits 2 and says how to install it', () => {
    const { status, err } = maskscope('model', resolve('tests/fixtures/onnx/encoder-correct.onnx'));
    expect(err).toMatch(/not installed here: npm install onnxruntime-web@\d/);
    expect(status).toBe(2);
  });

  it('convention exits 1 on an inverted key_padding_mask and 0 on the right one', () => {
    const api = ['convention', '--api', 'torch-mha-key-padding', '--meant', '1 1 1 0 0'];
    const inverted = maskscope(...api, '--mask', '[[True, True, True, False, False]]');
    expect(inverted.out).toContain('verdict: inverted');
    expect(inverted.status).toBe(1);
    expect(maskscope(...api, '--mask', '[[False, False, False, True, True]]').status).toBe(0);
  });
});
