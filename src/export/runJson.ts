/**
 * A run as one JSON file for a bug report, laid out so that maskscope's own importer ("Your
 * tensors", `readDump` + `checkDump`) reads it back without being told anything: mode A's
 * attention is `attentions` [layer, batch = 1, head, query, key] (the batch axis of size 1 lets
 * the layout detection name every axis), mode B's is `attentions_b`, the mask is
 * `attention_mask` [1, T] (1 = real token) and `tokens` labels the positions. Attention that is
 * not self-attention is written in the layout the importer reads it as from the start:
 * cross-attention and decoding steps [batch, head, query, key], pooling weights [batch, key] or
 * [batch, head, key]. Everything else (input, modes, measurements, verdicts) sits in objects and
 * strings, which the importer skips.
 */
import type { Analysis, SideAnalysis } from '../analysis/analysis';
import { brokenInvariants } from '../diagnostics/verdict';
import type { AttentionNumerics } from '../masks/numerics';
import { MAX_JSON_BYTES } from '../dump/jsonArrays';
import { EXPORT_DIGITS, jsonNumber } from './numbers';
import { prettyJson } from './prettyJson';
import { nestedJson } from './nestedJson';

/** Identifies the file's layout; bumped when a field changes meaning. */
export const RUN_JSON_FORMAT = 'maskscope-run/1';
/** Axis names of `attentions` and `attentions_b` of self-attention, in order. */
export const RUN_ATTENTION_AXES = ['layer', 'batch', 'head', 'query', 'key'] as const;

/** An axis of the exported attention. */
export type RunAttentionAxis = (typeof RUN_ATTENTION_AXES)[number];

/**
 * The shape and axes `attentions` is written with: [L, 1, H, Tq, Tk], less the axes of size 1
 * the importer would misread for a shape that is not self-attention (one layer of
 * cross-attention is [1, H, Tq, Tk]; pooling weights have no query axis, and one head of them
 * is [1, T]).
 */
export function exportedLayout(analysis: Analysis): {
  readonly shape: number[];
  readonly axes: RunAttentionAxis[];
} {
  const [layers, heads, queries, keys] = analysis.a.attention.shape;
  const sizes: Record<RunAttentionAxis, number> = {
    layer: layers,
    batch: 1,
    head: heads,
    query: queries,
    key: keys,
  };
  const kind = analysis.queries?.kind;
  const isDropped = (axis: RunAttentionAxis): boolean => {
    if (kind === undefined || layers !== 1) return false;
    if (axis === 'layer') return true;
    return kind === 'pooling' && (axis === 'query' || (axis === 'head' && heads === 1));
  };
  const axes = RUN_ATTENTION_AXES.filter((axis) => !isDropped(axis));
  return { shape: axes.map((axis) => sizes[axis]), axes };
}

/**
 * Most attention values (A and B together) a JSON export holds: at up to 12 bytes a value this
 * stays under the importer's MAX_JSON_BYTES, so every export loads back.
 */
export const MAX_JSON_VALUES = Math.floor(MAX_JSON_BYTES / 12);

/** What was run, in words and numbers. */
export interface RunInput {
  readonly source: 'model' | 'tensors' | 'onnx';
  /** The sentence as typed (model runs), or null. */
  readonly text: string | null;
  /** The model's source ("models/maskscope-brown"), or null for the user's tensors. */
  readonly model: string | null;
  /** Padding tokens added and on which side (model runs), or null. */
  readonly padding: number | null;
  readonly paddingSide: 'left' | 'right' | null;
  /** The user's files (tensors), empty for model runs. */
  readonly files: readonly string[];
  /** The address that reopens this view, when there is one. */
  readonly permalink: string | null;
}

/** One compared side's mode: its catalogue id and formula (null for the user's tensors). */
export interface RunMode {
  readonly id: string | null;
  readonly title: string;
  readonly formula: string | null;
  /** Precision, causal mask and score scale the attention ran with; null for the user's tensors. */
  readonly numerics: AttentionNumerics | null;
}

/** One pooling of the pooling audit: how far it drifts from the unpadded sentence. */
export interface RunPoolingRow {
  readonly mode: 'A' | 'B';
  readonly pooling: string;
  readonly isMasked: boolean;
  readonly side: string;
  /** cos(pooled, pooled unpadded); 1 = same direction. */
  readonly cosine: number;
  /** ‖pooled − pooled unpadded‖ / ‖pooled unpadded‖ (unitless). */
  readonly relativeChange: number;
}

/** One mode × poison of the taint test: the largest change of the real outputs. */
export interface RunTaintRow {
  readonly mode: string;
  /** The value written into the padding rows (NaN is written as null). */
  readonly value: number;
  readonly hidden: number;
  readonly logits: number;
  readonly isPassed: boolean;
}

/** The checks the user ran for the input on screen; null where not run for it. */
export interface RunChecks {
  readonly pooling: readonly RunPoolingRow[] | null;
  readonly taint: { readonly at: string; readonly rows: readonly RunTaintRow[] } | null;
  /** The convention check of "Which convention does your API use?", as the page words it. */
  readonly convention: {
    readonly api: string;
    readonly verdict: string;
    readonly headline: string;
    readonly details: readonly string[];
  } | null;
}

/** Everything a run export holds. */
export interface RunExport {
  readonly input: RunInput;
  readonly modes: { readonly a: RunMode; readonly b: RunMode | null };
  readonly analysis: Analysis;
  readonly verdicts: { readonly a: string | null; readonly b: string | null };
  /** The on-demand checks (pooling, taint, convention); absent for the user's tensors. */
  readonly checks?: RunChecks;
}

/** Thrown when a run is too big to export as JSON that loads back. */
export class ExportTooLargeError extends Error {
  override readonly name = 'ExportTooLargeError';
}

function headTable(side: SideAnalysis): object[] {
  return side.heads.leak.flatMap((row, layer) =>
    row.map((leak, head) => {
      const sums = side.heads.rowSums[layer]?.[head];
      return {
        layer,
        head,
        leakMean: leak.mean,
        leakMax: leak.max,
        realRowSumMin: sums?.min ?? null,
        realRowSumMax: sums?.max ?? null,
      };
    }),
  );
}

function measurementsOf(side: SideAnalysis): object {
  const m = side.measurements;
  return {
    leakMean: m.leak.mean,
    leakMax: m.leak.max,
    paddingKeys: m.paddingKeys,
    realRowSumMin: m.realRowSums.min,
    realRowSumMax: m.realRowSums.max,
    drift: m.drift,
    nanRowsReal: m.nanRows.real,
    nanRowsPadding: m.nanRows.padding,
    // The page's ✓/✗ and red Σ, judged by the same tolerances (the data's number format).
    brokenInvariants: brokenInvariants(m),
    tolerances: m.tolerances,
    predictions: side.predictions,
  };
}

/** Checks the size before building: A and B together must stay under MAX_JSON_VALUES. */
function checkSize(analysis: Analysis): void {
  const values = analysis.a.attention.data.length + (analysis.b?.attention.data.length ?? 0);
  if (values > MAX_JSON_VALUES) {
    const [layers, heads, queries, seqLen] = analysis.a.attention.shape;
    const cells = queries === seqLen ? `${seqLen}² tokens` : `${queries} × ${seqLen} cells`;
    throw new ExportTooLargeError(
      `the attention has ${values.toLocaleString('en-US')} values (${layers} layers × ${heads} heads × ${cells}${analysis.b === null ? '' : ', A and B'}): as JSON that is over the ${MAX_JSON_BYTES / 2 ** 20} MB the importer reads. Export a shorter input, or the leak table as CSV.`,
    );
  }
}

/**
 * The run as JSON text (one object). Throws ExportTooLargeError above MAX_JSON_VALUES
 * attention values.
 */
export function runJson(run: RunExport): string {
  const { analysis } = run;
  checkSize(analysis);
  const seqLen = analysis.a.attention.shape[3];
  const { shape: attentionShape, axes } = exportedLayout(analysis);
  const arrayInfo = (mode: 'A' | 'B') => ({
    shape: attentionShape,
    axes,
    mode,
    rows: 'queries (each real row sums to 1 over the keys)',
  });
  const meta = {
    format: RUN_JSON_FORMAT,
    about:
      'maskscope run export. attentions = mode A, attentions_b = mode B, each [layer, batch, head, query, key] (or the axes named under arrays); attention_mask [batch, key], 1 = real token, 0 = padding. Open it in maskscope under "Your tensors" or run `npx maskscope check` on it.',
    precision: `${EXPORT_DIGITS} significant digits; null stands for NaN`,
    input: run.input,
    modes: { A: run.modes.a, B: run.modes.b },
    arrays: {
      attentions: arrayInfo('A'),
      ...(analysis.b === null ? {} : { attentions_b: arrayInfo('B') }),
      attention_mask: { shape: [1, seqLen], axes: ['batch', 'key'], meaning: '1 = real token' },
      tokens: { shape: [seqLen], axes: ['key'] },
    },
    measurements: {
      A: measurementsOf(analysis.a),
      B: analysis.b === null ? null : measurementsOf(analysis.b),
    },
    heads: { A: headTable(analysis.a), B: analysis.b === null ? null : headTable(analysis.b) },
    verdicts: { A: run.verdicts.a, B: run.verdicts.b },
    checks: run.checks,
  };
  const metaText = prettyJson(meta, jsonNumber);
  // The big arrays are written by hand: one line each, no per-value objects.
  const arrays = [
    `"tokens":${JSON.stringify(analysis.labels)}`,
    `"attention_mask":${nestedJson(analysis.mask, [1, seqLen])}`,
    `"attentions":${nestedJson(analysis.a.attention.data, attentionShape)}`,
    ...(analysis.b === null
      ? []
      : [`"attentions_b":${nestedJson(analysis.b.attention.data, attentionShape)}`]),
  ];
  return `${metaText.slice(0, -2)},\n${arrays.join(',\n')}\n}\n`;
}
