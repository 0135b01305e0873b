// Export sizes and build times, in Node (the builders of src/export are framework-free): the
// run JSON, the heatmap SVG and the leak CSV for the default model's shapes, a longer input and
// the largest run the JSON export accepts (MAX_JSON_VALUES), with synthetic softmax attention.
//
//   node bench/exportBench.mjs [--runs=3]
import { createServer } from 'vite';
import { option } from './lib/cli.mjs';

const runs = Number(option('runs', '3'));
const server = await createServer({
  server: { middlewareMode: true },
  appType: 'custom',
  logLevel: 'error',
});
const load = (path) => server.ssrLoadModule(path);
const { runJson, MAX_JSON_VALUES } = await load('/src/export/runJson.ts');
const { heatmapSvg } = await load('/src/export/heatmapSvg.ts');
const { leakTableCsv } = await load('/src/export/leakCsv.ts');
const { analyseSide } = await load('/src/analysis/analysis.ts');
const { attentionOf } = await load('/src/analysis/attentionMaps.ts');
const { createColorScale } = await load('/src/viz/colorScale.ts');

/** Softmax rows of random scores over T keys, padding keys zero (the correct mask). */
function attention(layers, heads, keep) {
  const seqLen = keep.length;
  const data = new Float32Array(layers * heads * seqLen * seqLen);
  for (let row = 0; row < layers * heads * seqLen; row++) {
    let total = 0;
    for (let k = 0; k < seqLen; k++) {
      const w = keep[k] === 1 ? Math.exp(4 * Math.random()) : 0;
      data[row * seqLen + k] = w;
      total += w;
    }
    for (let k = 0; k < seqLen; k++) data[row * seqLen + k] /= total;
  }
  return attentionOf(data, layers, heads, seqLen);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn) {
  const times = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    out = fn();
    times.push(performance.now() - start);
  }
  return { out, ms: median(times) };
}

const cases = [
  { name: 'default model, 11 tokens + 8 pads', layers: 4, heads: 4, real: 11, pads: 8 },
  { name: 'default model, 11 tokens + 53 pads', layers: 4, heads: 4, real: 11, pads: 53 },
  { name: 'BERT-base heads, 128 tokens (A and B)', layers: 12, heads: 12, real: 100, pads: 28 },
  { name: 'BERT-base dump, 512 tokens (A and B)', layers: 12, heads: 12, real: 400, pads: 112 },
];
const scale = createColorScale({ palette: 'sequential', kind: 'log' });
console.log(
  `export builders, median of ${runs} runs; JSON refused above ${MAX_JSON_VALUES.toLocaleString('en-US')} values`,
);
for (const c of cases) {
  const keep = Int32Array.from({ length: c.real + c.pads }, (_, t) => (t < c.real ? 1 : 0));
  const labels = Array.from(keep, (real, t) => (real ? `tok${t}` : '[PAD]'));
  const a = analyseSide(attention(c.layers, c.heads, keep), keep);
  const b = analyseSide(
    attention(
      c.layers,
      c.heads,
      keep.map(() => 1),
    ),
    keep,
  );
  const analysis = { mask: keep, labels, a, b, totalMs: 0, forwardMs: 0, referenceMs: 0 };
  const run = {
    input: {
      source: 'model',
      text: 'x',
      model: 'm',
      padding: c.pads,
      paddingSide: 'right',
      files: [],
      permalink: null,
    },
    modes: {
      a: { id: 'key-additive', title: 'A', formula: null },
      b: { id: 'no-mask', title: 'B', formula: null },
    },
    analysis,
    verdicts: { a: null, b: null },
  };
  let json;
  try {
    json = time(() => runJson(run));
  } catch (error) {
    json = { out: null, ms: NaN, refused: error.message };
  }
  const seqLen = keep.length;
  const svg = time(() =>
    heatmapSvg({
      title: 't',
      subtitle: 's',
      matrix: a.attention.data.subarray(0, seqLen * seqLen),
      queries: Array.from({ length: seqLen }, (_, t) => t),
      seqLen,
      labels,
      padding: Uint8Array.from(keep, (r) => 1 - r),
      orientation: 'rowsAreQueries',
      scale,
      legendTitle: 'w',
    }),
  );
  const csv = time(() =>
    leakTableCsv({ title: 'A', heads: a.heads }, { title: 'B', heads: b.heads }),
  );
  const kb = (text) => `${(Buffer.byteLength(text) / 1024).toFixed(0)} KB`;
  const jsonText =
    json.out === null ? `JSON refused` : `JSON ${kb(json.out)} in ${json.ms.toFixed(1)} ms`;
  console.log(
    `${c.name} [${c.layers}×${c.heads}×${seqLen}²]: ${jsonText} · head SVG ${kb(svg.out.svg)} in ${svg.ms.toFixed(1)} ms · CSV ${kb(csv.out)} in ${csv.ms.toFixed(2)} ms`,
  );
}
await server.close();
