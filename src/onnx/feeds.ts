/**
 * The inputs of one padding-test run: the real content (token ids or frames) placed at the real
 * positions of a sequence of T, padding around it, and every other input filled to match its
 * role. Batch 1; symbolic dims other than batch and sequence are 1.
 */
import { ELEM, type RoledInput } from './roles';

/** A plain tensor for ONNX Runtime: its element type name, dims and values. */
export interface FeedTensor {
  readonly type: 'float32' | 'float64' | 'int32' | 'int64' | 'bool';
  readonly dims: readonly number[];
  readonly data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;
}

/** Where the padding goes. */
export type Side = 'right' | 'left';

/** What a run holds: the real content, the sequence length and which positions are real. */
export interface RunLayout {
  /** Sequence length T of this run. */
  readonly seqLen: number;
  /** Real token k sits at position realPositions[k]. */
  readonly realPositions: Int32Array;
  /** Per position: 1 real, 0 padding, [T]. */
  readonly keep: Int32Array;
}

/** The real content of a test: token ids [K], or frames [K, F]. */
export interface Content {
  readonly ids: Int32Array;
  /** Frames [K, F] row-major, with their width F (0 when the model takes no features). */
  readonly frames: Float32Array;
  readonly frameWidth: number;
  /** What fills padding positions: the pad id, and a frame value. */
  readonly padId: number;
  readonly padFrame: number;
}

/** The layout of K real tokens and `pads` padding positions on `side`. */
export function runLayout(realCount: number, pads: number, side: Side): RunLayout {
  const seqLen = realCount + pads;
  const offset = side === 'left' ? pads : 0;
  const realPositions = Int32Array.from({ length: realCount }, (_, k) => k + offset);
  const keep = new Int32Array(seqLen);
  for (const t of realPositions) keep[t] = 1;
  return { seqLen, realPositions, keep };
}

/** A large negative for additive masks: exp(−1e4) underflows to exactly 0 in float32. */
const ADDITIVE_NEGATIVE = -1e4;

function valuesFor(roled: RoledInput, layout: RunLayout, content: Content): number[] {
  const { keep, seqLen } = layout;
  const realCount = layout.realPositions.length;
  const perPosition = (f: (t: number, k: number) => number): number[] => {
    const out: number[] = [];
    let k = 0;
    for (let t = 0; t < seqLen; t++) {
      out.push(f(t, k));
      if (keep[t] === 1) k++;
    }
    return out;
  };
  switch (roled.role) {
    case 'ids':
      return perPosition((t, k) => (keep[t] === 1 ? (content.ids[k] ?? 0) : content.padId));
    case 'mask-keep':
      return perPosition((t) => keep[t] ?? 0);
    case 'mask-ignore':
      return perPosition((t) => 1 - (keep[t] ?? 0));
    case 'mask-additive':
      return perPosition((t) => (keep[t] === 1 ? 0 : ADDITIVE_NEGATIVE));
    case 'lengths':
      return [realCount];
    case 'positions':
      return perPosition((t, k) => (keep[t] === 1 ? k : 0));
    case 'features': {
      const width = content.frameWidth;
      return perPosition((_, k) => k).flatMap((k, t) =>
        Array.from({ length: width }, (_, f) =>
          keep[t] === 1 ? (content.frames[k * width + f] ?? 0) : content.padFrame,
        ),
      );
    }
    case 'token-types':
    case 'other':
      return [];
  }
}

/** The dims of an input in a run of T: batch 1, sequence T, features F, other symbols 1. */
export function dimsFor(roled: RoledInput, seqLen: number, frameWidth: number): number[] {
  const dims = roled.input.dims ?? [1, seqLen];
  return dims.map((dim, axis) => {
    if (axis === 0) return typeof dim === 'number' ? dim : 1;
    if (axis === 1 && roled.role !== 'lengths') return seqLen;
    if (typeof dim === 'number') return dim;
    return roled.role === 'features' && axis === 2 ? frameWidth : 1;
  });
}

/** The tensor fed to one input for one run. */
export function feedFor(roled: RoledInput, layout: RunLayout, content: Content): FeedTensor {
  const dims = dimsFor(roled, layout.seqLen, content.frameWidth);
  const size = dims.reduce((a, b) => a * b, 1);
  const values = valuesFor(roled, layout, content);
  // Inputs broadcast along extra axes ([B, 1, 1, T] masks) take the per-position values cyclically.
  const at = (i: number): number => (values.length === 0 ? 0 : (values[i % values.length] ?? 0));
  switch (roled.input.elemType) {
    case ELEM.int64:
      return {
        type: 'int64',
        dims,
        data: BigInt64Array.from({ length: size }, (_, i) => BigInt(at(i))),
      };
    case ELEM.int32:
      return { type: 'int32', dims, data: Int32Array.from({ length: size }, (_, i) => at(i)) };
    case ELEM.bool:
      return {
        type: 'bool',
        dims,
        data: Uint8Array.from({ length: size }, (_, i) => (at(i) !== 0 ? 1 : 0)),
      };
    case ELEM.double:
      return { type: 'float64', dims, data: Float64Array.from({ length: size }, (_, i) => at(i)) };
    case ELEM.float:
      return { type: 'float32', dims, data: Float32Array.from({ length: size }, (_, i) => at(i)) };
    default:
      throw new RangeError(
        `input ${roled.input.name} has ONNX element type ${roled.input.elemType}, which maskscope cannot feed (float, double, int32, int64 or bool).`,
      );
  }
}

/** Every input's tensor for one run. */
export function feedsFor(
  roles: readonly RoledInput[],
  layout: RunLayout,
  content: Content,
): Map<string, FeedTensor> {
  return new Map(roles.map((r) => [r.input.name, feedFor(r, layout, content)]));
}
