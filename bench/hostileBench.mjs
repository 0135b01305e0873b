// Hostile inputs of issue 22, items 1-3, each in its own Node process (dist/node; run
// `npm run build:node` first): wall time and peak resident memory (process.resourceUsage's
// maxRSS) until the refusal or the verdict.
//   1. an .npz whose member claims 4,096 bytes but inflates to GIB_LYING GiB of zeros after an
//      .npy header asking for 2^32 floats;
//   2. an honest .npz under the size cap (1 GiB inflated attention, no mask);
//   3. `maskscope convention` with T = 50,000, 10,000 and 2,048 keys.
// Usage: node bench/hostileBench.mjs [GIB_LYING=4]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Deflate } from 'fflate';

const GIB_LYING = Number(process.argv[2] ?? 4);
// Generating 4 GiB of deflate takes minutes: the files are kept between runs.
const dir = join(tmpdir(), 'maskscope-hostile-bench');
mkdirSync(dir, { recursive: true });

function npyHeader(shape) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  return out;
}

/** Raw deflate of `header` then `zeroBytes` zeros, streamed (CRC-32s are left 0: see below). */
function deflateZeros(header, zeroBytes) {
  const parts = [];
  const deflate = new Deflate({ level: 1 }, (chunk) => parts.push(chunk));
  deflate.push(header);
  const chunk = new Uint8Array(16 * 2 ** 20);
  for (let left = zeroBytes; left > 0; left -= chunk.length) {
    const piece = chunk.subarray(0, Math.min(chunk.length, left));
    deflate.push(piece, left <= chunk.length);
  }
  const payload = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) payload.set(part, (at += part.length) - part.length);
  return payload;
}

function zipOne(name, payload, size, crc) {
  const nameBytes = new TextEncoder().encode(name);
  const local = new Uint8Array(30 + nameBytes.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(8, 8, true);
  lv.setUint32(14, crc, true);
  lv.setUint32(18, payload.length, true);
  lv.setUint32(22, size, true);
  lv.setUint16(26, nameBytes.length, true);
  local.set(nameBytes, 30);
  const central = new Uint8Array(46 + nameBytes.length);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(10, 8, true);
  cv.setUint32(16, crc, true);
  cv.setUint32(20, payload.length, true);
  cv.setUint32(24, size, true);
  cv.setUint16(28, nameBytes.length, true);
  central.set(nameBytes, 46);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, 1, true);
  ev.setUint16(10, 1, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, local.length + payload.length, true);
  return Buffer.concat([local, payload, central, end]);
}

/** Runs `code` (an ES module body) in a fresh node; returns its printed line. */
function measure(label, code) {
  const script = `${code}\nconst rss = process.resourceUsage().maxRSS / 1024;\nconsole.log(JSON.stringify({ ms: Math.round(performance.now()), peakMiB: Math.round(rss), said }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: process.cwd(),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const { ms, peakMiB, said } = JSON.parse(out.trim().split('\n').pop());
  console.log(
    `${label.padEnd(48)} ${String(ms).padStart(7)} ms ${String(peakMiB).padStart(6)} MiB  ${said}`,
  );
}

const readAndCheck = (file) => `
import { readFileSync } from 'node:fs';
import { readDump, checkDump } from './dist/node/node.js';
let said;
try { checkDump([readDump(new Uint8Array(readFileSync(${JSON.stringify(file)})), 'dump.npz')]); said = 'verdict'; }
catch (error) { said = String(error.message).slice(0, 90); }`;

const lyingFile = join(dir, `lying-${GIB_LYING}gib.npz`);
if (!existsSync(lyingFile)) {
  const lying = deflateZeros(npyHeader([65536, 65536]), GIB_LYING * 2 ** 30);
  writeFileSync(lyingFile, zipOne('attentions.npy', lying, 4096, 0));
}
// Just under the 1 GiB cap: [1, 1, 16383, 16384] float32, honest sizes; its CRC-32 is left 0
// (the missing mask must be reported before the attention is inflated, so it is never checked).
const underCapFile = join(dir, 'under-cap.npz');
if (!existsSync(underCapFile)) {
  const attentionHeader = npyHeader([1, 1, 16383, 16384]);
  const honest = deflateZeros(attentionHeader, 16383 * 16384 * 4);
  writeFileSync(
    underCapFile,
    zipOne('attentions.npy', honest, attentionHeader.length + 16383 * 16384 * 4, 0),
  );
}

measure(`1. lying .npz (${GIB_LYING} GiB, claims 4,096 bytes)`, readAndCheck(lyingFile));
measure('2. .npz under the 1 GiB cap, no mask', readAndCheck(underCapFile));
for (const T of [50_000, 10_000, 2048]) {
  measure(
    `3. maskscope convention, T = ${T}`,
    `import { runCli } from './dist/node/node.js';
const sink = { write: () => true };
const ones = Array(${T}).fill('1').join(' ');
const status = runCli(['convention', '--api', 'hf-attention-mask', '--meant', ones, '--mask', ones], sink, sink);
const said = 'exit ' + status;`,
  );
}
