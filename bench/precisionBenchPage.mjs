// The in-page half of precisionBench.mjs. Playwright serialises this function into the page, so
// it must be self-contained: it imports the app's modules through the vite dev server.

/**
 * Times a BERT-mini-sized random model (128 tokens, 32 of them padding) on `backend` under each
 * attention numerics: fp32, fp16, bf16 (emulated rounding) and fp16 + causal.
 */
export async function precisionBenchInPage({ backend, runs, warmup }) {
  const { initBackend } = await import('/src/backend/backends.ts');
  const { createEncoder } = await import('/src/model/encoder.ts');
  const { BERT_MINI_CONFIG, randomCheckpoint } = await import('/src/model/randomCheckpoint.ts');
  const report = await initBackend(backend);
  if (report.active !== backend) {
    const why = report.skipped.find((skip) => skip.name === backend)?.reason ?? 'not activated';
    return { rows: [{ error: why }] };
  }
  const seqLen = 128;
  const real = 96;
  const ids = Int32Array.from({ length: seqLen }, (_, t) =>
    t < real ? 5 + ((t * 7919) % 7990) : 0,
  );
  const base = {
    batch: 1,
    seqLen,
    ids,
    attentionMask: Int32Array.from({ length: seqLen }, (_, t) => (t < real ? 1 : 0)),
    positionIds: Int32Array.from({ length: seqLen }, (_, t) => (t < real ? t : 0)),
    mode: { kind: 'keyAdditive', constant: -1e4 },
  };
  const settings = [
    ['fp32', { precision: 'fp32', isCausal: false, scoreScale: 1 }],
    ['fp16', { precision: 'fp16', isCausal: false, scoreScale: 1 }],
    ['bf16', { precision: 'bf16', isCausal: false, scoreScale: 1 }],
    ['fp16 causal', { precision: 'fp16', isCausal: true, scoreScale: 1 }],
  ];
  const encoder = await createEncoder(randomCheckpoint(BERT_MINI_CONFIG, 1));
  const rows = [];
  for (const [label, numerics] of settings) {
    const input = { ...base, numerics };
    const options = { logitRows: [], hiddenStates: 'last' };
    for (let i = 0; i < warmup; i++) await encoder.forward(input, options);
    const times = [];
    for (let i = 0; i < runs; i++) times.push((await encoder.forward(input, options)).latencyMs);
    times.sort((a, b) => a - b);
    rows.push({ label, medianMs: times[Math.floor(times.length / 2)], minMs: times[0], runs });
  }
  encoder.dispose();
  return { rows };
}
