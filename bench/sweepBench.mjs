// Padding-sweep benchmark: the real app in headless system Chromium on one backend (WASM by
// default), the default model, a sentence of --tokens real tokens (32, so the sweep runs 0..96
// pads within 128 positions) and a step of --step pads (8: 13 paddings). One sample: click
// "Run sweep" and wait until the sweep is on screen. Prints the time in the worker (the sweep
// itself, forwards and read-backs) and from the click to the chart, median of --runs after
// --warmup; the LAST line is the median worker time.
//
//   node bench/sweepBench.mjs [--runs=5] [--warmup=1] [--backend=wasm] [--tokens=32] [--step=8]
import { launchChromium, startDevServer } from './lib/browser.mjs';
import { option } from './lib/cli.mjs';

const runs = Number(option('runs', '5'));
const warmup = Number(option('warmup', '1'));
const backend = option('backend', 'wasm');
const tokens = Number(option('tokens', '32'));
const step = Number(option('step', '8'));
const BASE = 'the family said that [MASK] would be fine .';
const FILLER = ['and', 'the', 'day', 'went', 'on'];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const state = (page) => page.evaluate(() => window.__maskscope.getState());

async function waitForRun(page) {
  await page.waitForFunction(
    () => {
      const s = window.__maskscope.getState();
      const root = document.querySelector('[data-testid="app-root"]');
      return (
        s.runPhase === 'done' && s.shownRunId === s.latestRunId && root.dataset.runState === 'done'
      );
    },
    null,
    { timeout: 120_000 },
  );
  return state(page);
}

/** Grows the sentence word by word until it has `tokens` real tokens ([CLS] and [SEP] included). */
async function sentenceOf(page) {
  const words = BASE.split(' ');
  for (let i = 0; i < 200; i++) {
    await page.getByTestId('sentence-input').fill(words.join(' '));
    const { seqLen } = await waitForRun(page);
    if (seqLen === tokens) return words.join(' ');
    if (seqLen > tokens) throw new Error(`cannot make a sentence of exactly ${tokens} tokens`);
    words.splice(words.length - 1, 0, FILLER[i % FILLER.length]); // before the final "."
  }
  throw new Error('the sentence did not grow');
}

/** Runs in the page: clicks "Run sweep" and resolves when the new sweep is shown. */
function sweepOnce() {
  return new Promise((resolve, reject) => {
    const root = document.querySelector('[data-testid="sweep"]');
    const before = Number(root.dataset.sweepId);
    const timeout = setTimeout(() => reject(new Error('no sweep within 120 s')), 120_000);
    let t0 = 0;
    const observer = new MutationObserver(() => {
      if (root.dataset.sweepPhase === 'error') reject(new Error('the sweep failed'));
      if (root.dataset.sweepPhase !== 'done' || Number(root.dataset.sweepId) <= before) return;
      const pageMs = performance.now() - t0;
      observer.disconnect();
      clearTimeout(timeout);
      resolve({ pageMs, workerMs: Number(root.dataset.sweepMs), pads: root.dataset.sweepPads });
    });
    observer.observe(root, { attributes: true });
    t0 = performance.now();
    document.querySelector('[data-testid="sweep-run"]').click();
  });
}

const { server, url } = await startDevServer();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${url}?backend=${backend}&pad=0`);
  const first = await waitForRun(page);
  if (first.backend !== backend) throw new Error(`asked for ${backend}, got ${first.backend}`);
  const sentence = await sentenceOf(page);
  await page.getByTestId('sweep-step-input').fill(String(step));
  const samples = [];
  for (let i = 0; i < warmup + runs; i++) {
    const sample = await page.evaluate(sweepOnce);
    if (i >= warmup) samples.push(sample);
  }
  const pads = samples[0].pads.split(',').map(Number);
  const workerMs = median(samples.map((s) => s.workerMs));
  const pageMs = median(samples.map((s) => s.pageMs));
  console.log(`sentence: "${sentence}" (${tokens} tokens); paddings: ${pads.join(', ')}`);
  console.log(`worker ms: ${samples.map((s) => s.workerMs.toFixed(0)).join(', ')}`);
  console.log(
    `click to chart ms: ${samples.map((s) => s.pageMs.toFixed(0)).join(', ')} (median ${pageMs.toFixed(0)})`,
  );
  console.log(
    `sweep 0..${pads.at(-1)} pads step ${step}, ${backend}, default model: ${(workerMs / 1000).toFixed(2)} s`,
  );
} finally {
  await browser.close();
  await server.close();
}
