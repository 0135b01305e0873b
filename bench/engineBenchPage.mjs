// The in-page half of engineBench.mjs. Playwright serialises this function into the page, so
// it must be self-contained: it imports the app's modules through the vite dev server.

/**
 * Initialises `backend` (no fallback), then times the tiny golden model and a random BERT-mini
 * on it. Returns { report, rows } or { rows: [{ error }] } when the backend is unavailable.
 */
export async function benchInPage({ backend, runs, warmup }) {
  const { initBackend } = await import('/src/backend/backends.ts');
  const { createEncoder } = await import('/src/model/encoder.ts');
  const { BERT_MINI_CONFIG, randomCheckpoint } = await import('/src/model/randomCheckpoint.ts');
  const { loadGoldenSet } = await import('/tests/unit/helpers/golden.ts');

  let report;
  try {
    report = await initBackend(backend);
  } catch (error) {
    return { rows: [{ error: String(error) }] };
  }
  if (report.active !== backend) {
    const why = report.skipped.find((skip) => skip.name === backend)?.reason ?? 'not activated';
    return { report, rows: [{ error: why }] };
  }

  async function time(model, checkpoint, input, options) {
    const uploadStart = performance.now();
    const encoder = await createEncoder(checkpoint);
    const uploadMs = performance.now() - uploadStart;
    const firstMs = (await encoder.forward(input, options)).latencyMs;
    for (let i = 1; i < warmup; i++) await encoder.forward(input, options);
    const times = [];
    for (let i = 0; i < runs; i++) times.push((await encoder.forward(input, options)).latencyMs);
    encoder.dispose();
    times.sort((a, b) => a - b);
    const medianMs = times[Math.floor(times.length / 2)];
    return { model, uploadMs, firstMs, medianMs, minMs: times[0], runs: times.length };
  }

  const read = async (path) => new Uint8Array(await (await fetch(`/${path}`)).arrayBuffer());
  const tiny = await loadGoldenSet('tiny', read);
  const tinyCase = tiny.cases[0];
  const rows = [
    await time('tiny golden L2 D32, B2 T13', tiny.checkpoint, tinyCase.input, {
      logitRows: tinyCase.logitRows,
    }),
  ];

  // BERT-mini-sized random model: 128 real tokens, [CLS] … [MASK] … [SEP], logits of the mask only.
  const seqLen = 128;
  const maskAt = 64;
  const ids = Int32Array.from({ length: seqLen }, (_, t) => 5 + ((t * 7919) % 7990));
  ids[0] = 2;
  ids[maskAt] = 4;
  ids[seqLen - 1] = 3;
  const miniInput = {
    batch: 1,
    seqLen,
    ids,
    attentionMask: new Int32Array(seqLen).fill(1),
    positionIds: Int32Array.from({ length: seqLen }, (_, t) => t),
    mode: { kind: 'keyAdditive', constant: -1e4 },
  };
  const mini = randomCheckpoint(BERT_MINI_CONFIG, 1);
  rows.push(
    await time('BERT-mini random L4 D256 V8000, T128', mini, miniInput, { logitRows: [maskAt] }),
  );
  return { report, rows };
}
