// The in-page half of bench/peer/peerBench.mjs. Playwright serialises this function into the
// page, so it must be self-contained: it imports maskscope's modules and onnxruntime-web through
// the vite dev server, and the models from bench/peer/models (training/export_onnx.py).

/**
 * Loads one model into both engines on one backend, then times them interleaved: a first run
 * each, `warmup` more, then `repeats` rounds of `runs` forwards of maskscope followed by `runs`
 * of onnxruntime-web. Both return every layer's attention and hidden states and all logits, and
 * both are checked against torch's logits at three rows.
 */
export async function peerInPage({ model, seqLen, backend, threads, repeats, runs, warmup }) {
  const { initBackend } = await import('/src/backend/backends.ts');
  const { createEncoder } = await import('/src/model/encoder.ts');
  const { profileForward } = await import('/src/model/profile.ts');
  const { assembleCheckpoint, fetchCheckpointParts } = await import('/src/checkpoint/load.ts');
  const ort = await import('/node_modules/onnxruntime-web/dist/ort.bundle.min.mjs');

  const base = `/bench/peer/models/${model}/`;
  const bytes = async (name) => new Uint8Array(await (await fetch(base + name)).arrayBuffer());
  const reference = JSON.parse(new TextDecoder().decode(await bytes('reference.json')));
  const { ids, rows, logits: expected } = reference[String(seqLen)];

  // maskscope (TensorFlow.js)
  const tfBackend = backend === 'webgpu' ? 'webgpu' : 'wasm';
  const report = await initBackend(tfBackend, { wasmThreads: threads });
  if (report.active !== tfBackend) return { error: `tfjs ${tfBackend} unavailable` };
  const checkpoint = assembleCheckpoint(await fetchCheckpointParts(base));
  const encoder = await createEncoder(checkpoint);
  const input = {
    batch: 1,
    seqLen,
    ids: Int32Array.from(ids),
    attentionMask: new Int32Array(seqLen).fill(1),
    positionIds: Int32Array.from({ length: seqLen }, (_, t) => t),
    mode: { kind: 'keyAdditive', constant: -1e4 },
  };
  const vocab = checkpoint.config.vocabSize;
  const ours = async () => {
    const start = performance.now();
    const out = await encoder.forward(input, { logitRows: 'all' });
    return { ms: performance.now() - start, logits: out.logits.data };
  };

  // onnxruntime-web
  ort.env.wasm.wasmPaths = '/node_modules/onnxruntime-web/dist/';
  ort.env.wasm.numThreads = threads;
  const session = await ort.InferenceSession.create(await bytes('model.onnx'), {
    executionProviders: [backend === 'webgpu' ? 'webgpu' : 'wasm'],
    graphOptimizationLevel: 'all',
  });
  const feeds = {
    ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, seqLen]),
    mask: new ort.Tensor('int64', new BigInt64Array(seqLen).fill(1n), [1, seqLen]),
  };
  const peer = async () => {
    const start = performance.now();
    const out = await session.run(feeds);
    const logits = out.logits.data; // read back like maskscope: everything on the CPU
    for (const name of ['hidden', 'attention']) await out[name].getData?.();
    const ms = performance.now() - start;
    for (const tensor of Object.values(out)) tensor.dispose?.();
    return { ms, logits };
  };

  const worstGap = (logits) => {
    let worst = 0;
    rows.forEach((row, i) => {
      for (let v = 0; v < vocab; v++) {
        const gap = Math.abs(logits[row * vocab + v] - expected[i][v]);
        worst = Math.max(worst, Number.isNaN(gap) ? Infinity : gap);
      }
    });
    return worst;
  };

  const first = { ours: await ours(), peer: await peer() };
  for (let i = 0; i < warmup; i++) {
    await ours();
    await peer();
  }
  const times = { ours: [], peer: [] };
  for (let r = 0; r < repeats; r++) {
    for (let i = 0; i < runs; i++) times.ours.push((await ours()).ms);
    for (let i = 0; i < runs; i++) times.peer.push((await peer()).ms);
  }
  const profile = await profileForward(encoder, input, { logitRows: 'all' });
  encoder.dispose();
  await session.release();
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    config: checkpoint.config,
    adapter: report.adapterDescription ?? null,
    isSoftware: report.isSoftwareAdapter ?? false,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    threads: report.wasm?.threads ?? null, // what tfjs-wasm really runs, not what was asked
    ours: {
      firstMs: first.ours.ms,
      medianMs: median(times.ours),
      gap: worstGap(first.ours.logits),
    },
    peer: {
      firstMs: first.peer.ms,
      medianMs: median(times.peer),
      gap: worstGap(first.peer.logits),
    },
    atol: reference.atol,
    profile: { ...profile, byKernel: profile.byKernel.slice(0, 4) },
  };
}
