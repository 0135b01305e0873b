/** `maskscope model`'s output: a few lines of text, or one JSON object for CI. */
import { formatSignificant } from '../diagnostics/format';
import { TOLERANCES } from '../diagnostics/tolerances';
import type { ModelCheck } from '../onnx/modelCheck';

// JSON has no NaN: a NaN drift is written as the string "NaN", so CI can tell it from "not compared".
function jsonNumber(value: number | null): number | string | null {
  return value !== null && Number.isNaN(value) ? 'NaN' : value;
}

/** The JSON printed with --json. */
export function modelJson(check: ModelCheck): object {
  const { result } = check;
  return {
    verdict: result.verdict,
    note: result.note,
    inputs: check.roles.map((r) => ({
      name: r.input.name,
      role: r.role,
      reachesSoftmax: r.reachesSoftmax,
    })),
    maskInput: check.maskInput?.input.name ?? null,
    maskFlipChanges: result.maskFlipChanges,
    softmaxTaps: check.plan.taps.length,
    realLength: check.realLength,
    untappable: check.plan.untappable,
    tolerance: TOLERANCES.drift,
    maxRelativeDrift: jsonNumber(result.maxRelativeDrift),
    firstDrift:
      result.firstDrift === null
        ? null
        : { ...result.firstDrift, relativeDrift: jsonNumber(result.firstDrift.relativeDrift) },
    firstLeakingTap: result.firstLeakingTap,
    firstNaN: result.firstNaN,
    attention: check.attention,
    pooling: check.pooling,
    runs: result.runs.map((run) => ({
      side: run.side,
      pads: run.pads,
      drifts: Object.fromEntries([...run.drifts].map(([name, d]) => [name, jsonNumber(d)])),
      taps: [...run.taps].map(([name, m]) => ({
        name,
        kind: m.shape.kind,
        leak: jsonNumber(m.leak),
        hasNaN: m.hasNaN,
      })),
    })),
  };
}

const show = (value: number | null): string =>
  value === null ? 'not compared' : formatSignificant(value);

/** The text report. */
export function modelText(file: string, check: ModelCheck): string {
  const { result, maskInput } = check;
  const lines = [
    `model: ${file} (opset ${check.model.opsets.get('') ?? '?'}, ${check.plan.taps.length} Softmax taps)`,
    `inputs: ${check.roles.map((r) => `${r.input.name}=${r.role}`).join(', ')}`,
    maskInput === null
      ? 'mask: none — the export has no mask or lengths input, so padding cannot be masked'
      : `mask: ${maskInput.input.name} (${maskInput.reachesSoftmax ? 'reaches' : 'does not reach'} a Softmax; flipping one bit ${result.maskFlipChanges === false ? 'changes nothing' : 'changes the outputs'})`,
  ];
  lines.push(`test input: ${check.realLength} real positions, then pads`);
  if (result.note !== null) lines.push(`note: ${result.note}`);
  for (const run of result.runs) {
    const drifts = [...run.drifts].map(([name, d]) => `${name} ${show(d)}`).join(', ');
    lines.push(`  ${run.pads} pads ${run.side}: relative drift ${drifts}`);
  }
  lines.push(
    `verdict: ${result.verdict} (max relative drift ${show(result.maxRelativeDrift)}, tolerance ${TOLERANCES.drift})`,
  );
  if (result.firstDrift !== null) {
    const d = result.firstDrift;
    lines.push(`  first drift: ${d.output} at ${d.pads} pads ${d.side} (${show(d.relativeDrift)})`);
  }
  if (result.firstLeakingTap !== null) {
    const t = result.firstLeakingTap;
    lines.push(
      `  first leaking tap: ${t.tap} at ${t.pads} pads ${t.side} (mass on padding ${show(t.leak)})`,
    );
  }
  if (result.firstNaN !== null) {
    const n = result.firstNaN;
    lines.push(`  NaN first appears in ${n.where} at ${n.pads} pads ${n.side}`);
  }
  for (const [label, found] of [
    ['attention', check.attention],
    ['pooling', check.pooling],
  ] as const) {
    if (found !== null) lines.push(`${label}: ${found.layout}, ${found.family}: ${found.headline}`);
  }
  for (const u of check.plan.untappable) lines.push(`cannot tap ${u.where}: ${u.reason}`);
  return lines.join('\n');
}
