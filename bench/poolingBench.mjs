// Pooling auditor and taint test benchmark: time from the button press to the table shown, in
// the real app (vite dev server this script starts, headless system Chromium), default model,
// WASM backend. The audit is 2 forwards (4 padded runs in one batch, 2 unpadded in another); the
// taint test is 1 + 3 forwards of a batch of modes (A and B, or every catalogue mode with
// --all: 26 rows). Load average printed with the numbers: the VM is shared. The auditor's two
// tables (one per encoder mode) are printed as shown.
//
//   node bench/poolingBench.mjs [--runs=5] [--pad=16] [--backend=wasm]
import { loadavg } from 'node:os';
import { launchChromium, startDevServer } from './lib/browser.mjs';
import { option } from './lib/cli.mjs';

const SENTENCE = 'the doctor said that [MASK] would be fine .';

/** Runs in the page: presses the button and resolves with ms until the section says done. */
function pressAndTime({ section, button }) {
  return new Promise((resolve, reject) => {
    const root = document.querySelector(`[data-testid="${section}"]`);
    const timeout = setTimeout(() => reject(new Error('no answer within 120 s')), 120_000);
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (root.dataset.phase === 'running') return;
      observer.disconnect();
      clearTimeout(timeout);
      if (root.dataset.phase === 'done') resolve(performance.now() - t0);
      else reject(new Error(`ended in phase ${root.dataset.phase}`));
    });
    observer.observe(root, { attributes: true, attributeFilter: ['data-phase'] });
    document.querySelector(`[data-testid="${button}"]`).click();
  });
}

/** The auditor's tables as shown (one per encoder mode), tab-separated, for the record. */
async function printAuditTables(page) {
  for (const slot of ['a', 'b']) {
    const rows = await page
      .getByTestId(`pooling-table-${slot}`)
      .evaluate((table) =>
        [...table.querySelectorAll('tr')].map((tr) =>
          [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent.trim()).join('\t'),
        ),
      );
    console.log(`pooling table, encoder mode ${slot.toUpperCase()}:\n${rows.join('\n')}`);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const runs = Number(option('runs', '5'));
  const pad = Number(option('pad', '16'));
  const backend = option('backend', 'wasm');
  const dev = await startDevServer();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${dev.url}?backend=${backend}&pad=${pad}&s=${encodeURIComponent(SENTENCE)}`);
    await page.waitForSelector('[data-testid="app-root"][data-run-state="done"]', {
      timeout: 120_000,
    });
    const cases = [
      { name: 'pooling audit (A, B)', section: 'pooling-auditor', button: 'pooling-run' },
      { name: 'taint test (A, B)', section: 'taint-check', button: 'taint-run' },
      { name: 'taint test (every mode)', section: 'taint-check', button: 'taint-run', all: true },
    ];
    console.log(
      `backend ${backend}, pad ${pad}, ${runs} runs after 1 warm-up, load ${loadavg()[0].toFixed(2)}`,
    );
    for (const c of cases) {
      if (c.all === true) await page.getByTestId('taint-all').check();
      const times = [];
      for (let i = 0; i <= runs; i++) {
        const ms = await page.evaluate(pressAndTime, c);
        if (i > 0) times.push(ms);
      }
      const text = `median ${median(times).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms`;
      console.log(`${c.name.padEnd(26)} ${text}`);
      if (c.section === 'pooling-auditor') await printAuditTables(page);
    }
    console.log(`load average after: ${loadavg()[0].toFixed(2)}`);
  } finally {
    await browser.close();
    await dev.server.close();
  }
}

await main();
