// `maskscope model` on every committed ONNX fixture (training/onnx_fixtures.py): the exit code CI
// relies on, the mask input it found and how many Softmax outputs it tapped, all on
// onnxruntime-web's wasm in Node.
import { mkdtempSync, readFileSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run';
import { externaliseWeights } from '../../src/onnx/externalWeights';
import { tokenize } from '../../src/tokenizer/tokenize';
import { parseVocab } from '../../src/tokenizer/vocab';
import { writeModel } from './helpers/onnxWriter';

const DIR = 'tests/fixtures/onnx';

async function run(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await runCli(
    argv,
    { write: (s: string) => ((out += s), true) },
    { write: (s: string) => ((err += s), true) },
  );
  return { status, out, err };
}

interface ModelJson {
  verdict: string;
  maskInput: string | null;
  softmaxTaps: number;
  inputs: { name: string; role: string; reachesSoftmax: boolean }[];
  maxRelativeDrift: number | string | null;
  firstDrift: { output: string; side: string; pads: number } | null;
  firstLeakingTap: { tap: string } | null;
  firstNaN: { where: string } | null;
  note: string | null;
  attention: { family: string; layout: string } | null;
  pooling: { family: string; layout: string; headline: string } | null;
}

// [fixture, extra flags, exit status, mask input, Softmax taps, what the padding does]
const CASES: [string, string[], number, string | null, number, string][] = [
  [
    'encoder-correct',
    [],
    0,
    'attention_mask',
    2,
    'nn.TransformerEncoder with src_key_padding_mask',
  ],
  ['encoder-inverted', [], 1, 'attention_mask', 2, 'the key padding mask inverted'],
  ['speaker-correct', [], 0, 'lengths', 2, 'frames and lengths, every step masked'],
  ['speaker-pool-nomask', [], 1, 'lengths', 2, 'attention pooling without the mask'],
  ['speaker-conv-leak', [], 1, 'lengths', 2, 'padded frames reaching the convolution'],
  [
    'decoder-maskpos',
    ['--side', 'left'],
    0,
    'attention_mask',
    1,
    'positions from the mask, left pads',
  ],
  ['decoder-arange', ['--side', 'left'], 1, 'attention_mask', 1, 'arange positions, left pads'],
  ['bert-key', [], 0, 'attention_mask', 2, "the project's BERT with a key mask"],
  ['bert-nomask', [], 1, null, 2, "the project's BERT exported without a mask"],
  ['bert-queryinf', [], 1, 'attention_mask', 2, "the project's BERT with -inf on the query axis"],
  ['bert-fixed', [], 0, 'attention_mask', 2, 'a fixed-length export'],
];

describe('maskscope model on the fixtures', () => {
  it.each(CASES)(
    '%s %j exits %i with mask input %s and %i taps (%s)',
    async (name, flags, status, mask, taps) => {
      const result = await run('model', `${DIR}/${name}.onnx`, '--json', ...flags);
      expect(result.status).toBe(status);
      const json = JSON.parse(result.out) as ModelJson;
      expect(json.verdict).toBe(status === 0 ? 'invariant' : 'drifts');
      expect(json.maskInput).toBe(mask);
      expect(json.softmaxTaps).toBe(taps);
      if (mask !== null)
        expect(json.inputs.find((i) => i.name === mask)?.reachesSoftmax).toBe(true);
      expect(json.firstDrift === null).toBe(status === 0);
    },
  );

  it('names NaN where it first appears: the first layer’s tap of the -inf query mask', async () => {
    const json = JSON.parse(
      (await run('model', `${DIR}/bert-queryinf.onnx`, '--json')).out,
    ) as ModelJson;
    expect(json.maxRelativeDrift).toBe('NaN');
    expect(json.firstNaN?.where).toMatch(/layer\.0\/.*Softmax/);
  });

  it('finds the leak in the attention of the export without a mask, and calls it a missing key mask', async () => {
    const json = JSON.parse(
      (await run('model', `${DIR}/bert-nomask.onnx`, '--json')).out,
    ) as ModelJson;
    expect(json.firstLeakingTap?.tap).toMatch(/layer\.0\/.*Softmax/);
    expect(json.attention).toEqual({
      family: 'missing-key-mask',
      layout: 'LBHQK',
      headline: expect.any(String) as string,
    });
  });

  it('passes the convolution bug’s attention as correct while its output drifts', async () => {
    const json = JSON.parse(
      (await run('model', `${DIR}/speaker-conv-leak.onnx`, '--json')).out,
    ) as ModelJson;
    expect(json.attention?.family).toBe('correct');
    expect(json.firstLeakingTap).toBeNull();
    expect(json.firstDrift?.output).toBe('output');
  });

  it.each([
    ['speaker-pool-nomask', 'missing-key-mask'],
    ['speaker-correct', 'correct'],
  ])(
    'reads the pooling over time of %s as a [B, T] pooling: %s, its attention correct',
    async (name, family) => {
      const { out } = await run('model', `${DIR}/${name}.onnx`, '--json');
      const json = JSON.parse(out) as ModelJson;
      expect(json.attention?.family).toBe('correct');
      expect(json.pooling).toMatchObject({ family, layout: 'BK' });
      expect(json.pooling?.headline).toMatch(/frames/);
    },
  );

  it('has no pooling where no Softmax is taken over time alone', async () => {
    const json = JSON.parse(
      (await run('model', `${DIR}/encoder-correct.onnx`, '--json')).out,
    ) as ModelJson;
    expect(json.pooling).toBeNull();
  });

  it('says what ran instead on a fixed-length export', async () => {
    const json = JSON.parse(
      (await run('model', `${DIR}/bert-fixed.onnx`, '--json')).out,
    ) as ModelJson;
    expect(json.note).toMatch(
      /fixed-length export \(T = 16\).*content of its \d+ padding positions/,
    );
  });

  it('tokenises --text with a vocab.txt and still finds the key mask invariant', async () => {
    const text = 'the man went to the store .';
    const { status, out } = await run(
      'model',
      `${DIR}/bert-key.onnx`,
      '--text',
      'the man went to the store .',
      '--vocab',
      `${DIR}/vocab.txt`,
      '--pads',
      '3',
    );
    expect(status).toBe(0);
    const vocab = parseVocab(readFileSync(`${DIR}/vocab.txt`, 'utf8'), 'vocab.txt');
    const { ids } = tokenize(text, vocab);
    expect(out).toMatch(new RegExp(`^test input: ${ids.length} real positions, then pads$`, 'm'));
    expect(out).toMatch(/^ {2}3 pads right: relative drift output \S+$/m);
  });

  it('lets --input override a role: the mask read as "ignore" turns the correct encoder into a drifting one', async () => {
    const { status } = await run(
      'model',
      `${DIR}/encoder-correct.onnx`,
      '--input',
      'attention_mask=mask-ignore',
      '--pads',
      '2',
    );
    expect(status).toBe(1);
  });

  it('exits 2 with the reason on stderr for a file that is not ONNX, or cut short', async () => {
    const notOnnx = await run('model', 'package.json');
    expect(notOnnx.status).toBe(2);
    expect(notOnnx.err).toMatch(/^maskscope: package\.json: cannot be read or run: /);
    const dir = mkdtempSync(join(tmpdir(), 'maskscope-onnx-'));
    const cut = join(dir, 'cut.onnx');
    const bytes = readFileSync(`${DIR}/speaker-correct.onnx`);
    writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
    const truncated = await run('model', cut);
    expect(truncated.status).toBe(2);
    expect(truncated.err).toMatch(/cannot be read or run/);
  });

  it('refuses a weight marked external that names no file, saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maskscope-onnx-'));
    const path = join(dir, 'external.onnx');
    const graph = {
      nodes: [],
      inputs: [{ name: 'input_ids', elemType: 7, dims: ['batch', 'sequence'] }],
      outputs: [],
      initializers: [{ name: 'embed', elemType: 1, dims: [100, 8], isExternal: true }],
    };
    writeFileSync(path, writeModel({ opsets: new Map([['', 14]]), graph, functions: [] }));
    const { status, err } = await run('model', path);
    expect(status).toBe(2);
    expect(err).toMatch(/embed: the weight is marked as external data but names no file/);
  });

  it('exits 3 ("cannot tell") when the model runs but no input can be padded', async () => {
    const { status, err } = await run(
      'model',
      `${DIR}/encoder-correct.onnx`,
      '--input',
      'ids=other',
    );
    expect(status).toBe(3);
    expect(err).toMatch(/cannot test: no input takes token ids/);
  });

  it('says in --help that it reads ONNX', async () => {
    const { status, out } = await run('model', '--help');
    expect(status).toBe(0);
    expect(out).toMatch(/Reads an ONNX export/);
  });
});

describe('maskscope model with external data (.onnx_data)', () => {
  /** encoder-correct.onnx split as an exporter does: the graph in model.onnx, weights beside it. */
  function splitExport(location: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'maskscope-onnx-data-'));
    const bytes = readFileSync(`${DIR}/encoder-correct.onnx`);
    writeFileSync(join(dir, 'model.onnx'), externaliseWeights(bytes, location));
    // The rewritten initializers point at their offsets in the original file.
    writeFileSync(join(dir, 'model.onnx_data'), bytes);
    return dir;
  }

  it('reads the weights from the .onnx_data file beside the model and gives the one-file verdict', async () => {
    const dir = splitExport('model.onnx_data');
    const split = await run('model', join(dir, 'model.onnx'), '--json', '--pads', '8');
    const whole = await run('model', `${DIR}/encoder-correct.onnx`, '--json', '--pads', '8');
    expect(split.status).toBe(0);
    const [a, b] = [split, whole].map((r) => JSON.parse(r.out) as ModelJson);
    expect(a?.softmaxTaps).toBe(2);
    expect(a?.maxRelativeDrift).toBe(b?.maxRelativeDrift);
  });

  it('names the missing .onnx_data file and where it must be', async () => {
    const dir = splitExport('model.onnx_data');
    unlinkSync(join(dir, 'model.onnx_data'));
    const { status, err } = await run('model', join(dir, 'model.onnx'));
    expect(status).toBe(2);
    expect(err).toMatch(
      /external data file "model\.onnx_data", which was not found beside the model/,
    );
  });

  it("reads no weights from outside the model's folder", async () => {
    const dir = splitExport('../model.onnx_data');
    const { status, err } = await run('model', join(dir, 'model.onnx'));
    expect(status).toBe(2);
    expect(err).toMatch(/outside the model's folder/);
  });

  it('refuses a model over 2 GB with its weights, giving the reason, before reading them', async () => {
    const dir = splitExport('model.onnx_data');
    truncateSync(join(dir, 'model.onnx_data'), 2 * 1024 ** 3 + 1); // sparse: nothing is written
    const { status, err } = await run('model', join(dir, 'model.onnx'));
    expect(status).toBe(2);
    expect(err).toMatch(/over maskscope's 2 GB limit: ONNX Runtime Web runs in 32-bit WebAssembly/);
  });
});
