// `npm run bench:onnx`: the padding test of `maskscope model` (unpadded, then 1, 8 and 32 pads on
// the right, at T = 128 with 32 pads) on a BERT-base-size ONNX export, onnxruntime-web wasm with
// one thread, in Node. Prints the time to read, patch and open the model, the test's runs, peak
// memory against the model's size, and, as the last line, the seconds of the whole test.
//
//   /usr/bin/python3 -m training.onnx_fixtures --bench bench/peer/models/onnx-bench/model.onnx  # once
//   npm run bench:onnx
import { existsSync, readFileSync, statSync } from 'node:fs';

const MODEL = new URL('./peer/models/onnx-bench/model.onnx', import.meta.url);
const REAL_TOKENS = 96; // + 32 pads = T 128
const VOCAB = 8000;

if (!existsSync(MODEL)) {
  console.error(
    'bench/peer/models/onnx-bench/model.onnx is missing: run\n' +
      '  /usr/bin/python3 -m training.onnx_fixtures --bench bench/peer/models/onnx-bench/model.onnx',
  );
  process.exit(1);
}
const { checkModel, collectGarbage, loadOrtForNode } = await import('../dist/node/node.js');
const ort = await loadOrtForNode();
const modelBytes = statSync(MODEL).size;
// [CLS] … [SEP] with spread-out ids (the formula of bench/engineBenchPage.mjs).
const ids = Int32Array.from({ length: REAL_TOKENS }, (_, t) => 5 + ((t * 7919) % (VOCAB - 10)));
ids[0] = 2;
ids[REAL_TOKENS - 1] = 3;

// Time ONNX Runtime's session creation apart from the runs.
let openSeconds = 0;
const timedOrt = {
  ...ort,
  InferenceSession: {
    create: async (...args) => {
      const opened = performance.now();
      const session = await ort.InferenceSession.create(...args);
      openSeconds = (performance.now() - opened) / 1000;
      return session;
    },
  },
};
const cpuStart = process.cpuUsage();
const start = performance.now();
// Read inside checkModel, as `maskscope model` hands its bytes over: nothing keeps them once ORT
// has copied the weights (a Buffer is a Uint8Array: no copy).
const check = await checkModel(() => readFileSync(MODEL), timedOrt, {
  pads: [1, 8, 32],
  sides: ['right'],
  ids,
  onOpened: collectGarbage,
});
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peak = process.resourceUsage().maxRSS * 1024;

const mb = (n) => `${(n / 1e6).toFixed(0)} MB`;
console.log(
  `onnxruntime-web ${ort.env.versions?.web ?? ''} wasm, ${ort.env.wasm.numThreads} thread, Node ${process.version}`,
);
console.log(
  `model: ${mb(modelBytes)}, ${check.plan.taps.length} Softmax taps, mask input ${check.maskInput?.input.name ?? 'none'}`,
);
console.log(
  `verdict: ${check.result.verdict}, max relative drift ${check.result.maxRelativeDrift}`,
);
console.log(
  `runs: mask-flip check at T 8 (two runs), unpadded T ${REAL_TOKENS}, ${check.result.runs.map((r) => `+${r.pads} right (T ${r.layout.seqLen})`).join(', ')}`,
);
console.log(
  `session open ${openSeconds.toFixed(2)} s of ${seconds.toFixed(2)} s wall; CPU time of the whole test ${cpuSeconds.toFixed(2)} s (wall far above CPU means other processes share the cores)`,
);
console.log(
  `peak memory (max RSS): ${mb(peak)} = ${(peak / modelBytes).toFixed(2)}× the model (target ≤ 3×)`,
);
console.log(`padding test, read to verdict (target ≤ 10 s):`);
console.log(seconds.toFixed(2));
