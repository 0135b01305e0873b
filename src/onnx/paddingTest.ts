/**
 * The padding-invariance test: run the model on the unpadded input, then with N pads on each
 * side asked for, and compare the outputs at the real positions (pooled outputs whole). A
 * fixed-length export cannot grow, so there the padding's content changes instead.
 */
import { hasNaN } from '../diagnostics/nan';
import { TOLERANCES } from '../diagnostics/tolerances';
import {
  feedsFor,
  runLayout,
  type Content,
  type FeedTensor,
  type RunLayout,
  type Side,
} from './feeds';
import type { SoftmaxTap } from './inspect';
import {
  comparedAxis,
  measureTap,
  relativeDrift,
  type OutputTensor,
  type TapMeasure,
} from './measure';
import { isMaskRole, type RoledInput } from './roles';

/** Runs the model once: feeds by input name → outputs by name (graph outputs and taps). */
export type RunModel = (
  feeds: ReadonlyMap<string, FeedTensor>,
) => Promise<ReadonlyMap<string, OutputTensor>>;

/** What to test. */
export interface PaddingTestPlan {
  readonly roles: readonly RoledInput[];
  /** The model's own outputs, in graph order. */
  readonly outputs: readonly string[];
  readonly taps: readonly SoftmaxTap[];
  readonly content: Content;
  readonly pads: readonly number[];
  readonly sides: readonly Side[];
  /** The sequence length of a fixed-length export, null when T is dynamic. */
  readonly fixedSeqLen: number | null;
}

/** One padded run: its padding and layout, each output's drift, each tap's measure. */
export interface PaddedRun {
  readonly side: Side;
  readonly pads: number;
  readonly layout: RunLayout;
  /** Relative drift per output (null when the output could not be compared). */
  readonly drifts: ReadonlyMap<string, number | null>;
  readonly taps: ReadonlyMap<string, TapMeasure>;
  /** The tapped Softmax outputs of this run, for the heatmaps. */
  readonly tapValues: ReadonlyMap<string, OutputTensor>;
  /** The first tap (graph order) or output holding NaN, or null. */
  readonly firstNaN: string | null;
}

/** The whole test's outcome. */
export interface PaddingTestResult {
  readonly verdict: 'invariant' | 'drifts' | 'cannot-test';
  /** Why the test could not run, or what ran instead for a fixed-length export. */
  readonly note: string | null;
  readonly runs: readonly PaddedRun[];
  readonly maxRelativeDrift: number | null;
  readonly firstDrift: {
    readonly output: string;
    readonly side: Side;
    readonly pads: number;
    readonly relativeDrift: number;
  } | null;
  readonly firstLeakingTap: {
    readonly tap: string;
    readonly side: Side;
    readonly pads: number;
    readonly leak: number;
  } | null;
  readonly firstNaN: { readonly where: string; readonly side: Side; readonly pads: number } | null;
  /** Whether flipping one mask bit changed any output or tap (null without a mask input). */
  readonly maskFlipChanges: boolean | null;
}

const isDrift = (drift: number | null): boolean => drift !== null && !(drift <= TOLERANCES.drift);

/** Runs the padding test; every run goes through `run`, one at a time. */
export async function paddingTest(
  plan: PaddingTestPlan,
  run: RunModel,
): Promise<PaddingTestResult> {
  const realCount = plan.content.ids.length;
  if (!plan.roles.some((r) => r.role === 'ids' || r.role === 'features') || realCount === 0) {
    return cannotTest(
      'no input takes token ids or features [B, T, F]: nothing to pad (set a role with --input NAME=ROLE).',
    );
  }
  const runs: PaddedRun[] = [];
  let maskFlipChanges: boolean | null = null;
  if (plan.fixedSeqLen === null) {
    const refLayout = runLayout(realCount, 0, 'right');
    const reference = await run(feedsFor(plan.roles, refLayout, plan.content));
    maskFlipChanges = await flipChanges(plan, run);
    for (const side of plan.sides) {
      for (const pads of plan.pads) {
        const layout = runLayout(realCount, pads, side);
        const outputs = await run(feedsFor(plan.roles, layout, plan.content));
        runs.push(measureRun(plan, side, pads, reference, refLayout, outputs, layout));
      }
    }
  } else {
    const pads = plan.fixedSeqLen - realCount;
    for (const side of plan.sides) {
      const layout = runLayout(realCount, pads, side);
      const reference = await run(feedsFor(plan.roles, layout, plan.content));
      const changed = {
        ...plan.content,
        padId: plan.content.padId + 1,
        padFrame: plan.content.padFrame + 1,
      };
      const outputs = await run(feedsFor(plan.roles, layout, changed));
      runs.push(measureRun(plan, side, pads, reference, layout, outputs, layout));
    }
  }
  return summarise(plan, runs, maskFlipChanges);
}

function cannotTest(note: string): PaddingTestResult {
  return {
    verdict: 'cannot-test',
    note,
    runs: [],
    maxRelativeDrift: null,
    firstDrift: null,
    firstLeakingTap: null,
    firstNaN: null,
    maskFlipChanges: null,
  };
}

function measureRun(
  plan: PaddingTestPlan,
  side: Side,
  pads: number,
  reference: ReadonlyMap<string, OutputTensor>,
  refLayout: RunLayout,
  outputs: ReadonlyMap<string, OutputTensor>,
  layout: RunLayout,
): PaddedRun {
  const drifts = new Map<string, number | null>();
  for (const name of plan.outputs) {
    const a = reference.get(name);
    const b = outputs.get(name);
    const compared = a && b ? comparedAxis(a.dims, b.dims, refLayout.seqLen, layout.seqLen) : null;
    const drift = a && b && compared ? relativeDrift(a, refLayout, b, layout, compared) : null;
    // NaN anywhere in an output (padding positions included) is a failure.
    drifts.set(name, b !== undefined && hasNaN(b.data) ? NaN : drift);
  }
  const taps = new Map<string, TapMeasure>();
  const tapValues = new Map<string, OutputTensor>();
  for (const tap of plan.taps) {
    const value = outputs.get(tap.output);
    if (value === undefined) continue;
    taps.set(tap.output, measureTap(value, layout));
    tapValues.set(tap.output, value);
  }
  const firstNaN =
    [...taps].find(([, m]) => m.hasNaN)?.[0] ??
    plan.outputs.find((name) => Number.isNaN(drifts.get(name))) ??
    null;
  return { side, pads, layout, drifts, taps, tapValues, firstNaN };
}

/** Real positions of the mask-flip check: two short runs cost far less than one more full one. */
const FLIP_LENGTH = 8;

/**
 * Flips the mask at the last real position (lengths: one fewer) of a short prefix of the input,
 * and reports whether any output or tap moved: the mask input really reaches the model.
 */
async function flipChanges(plan: PaddingTestPlan, run: RunModel): Promise<boolean | null> {
  const mask = plan.roles.find((r) => isMaskRole(r.role));
  const count = Math.min(FLIP_LENGTH, plan.content.ids.length);
  if (mask === undefined || count < 2) return null;
  const { content } = plan;
  const short = {
    ...content,
    ids: content.ids.slice(0, count),
    frames: content.frames.slice(0, count * content.frameWidth),
  };
  const feeds = feedsFor(plan.roles, runLayout(count, 0, 'right'), short);
  const feed = feeds.get(mask.input.name);
  if (feed === undefined) return null;
  const reference = await run(feeds);
  const flipped = flipLast(feed, mask.role === 'lengths');
  const outputs = await run(new Map([...feeds, [mask.input.name, flipped]]));
  return [...reference].some(([name, value]) => {
    const other = outputs.get(name)?.data;
    return other === undefined || other.some((v, i) => !Object.is(v, value.data[i]));
  });
}

function flipLast(feed: FeedTensor, isLengths: boolean): FeedTensor {
  const data = feed.data.slice();
  const last = data.length - 1;
  if (data instanceof BigInt64Array)
    data[last] = isLengths ? (data[last] ?? 1n) - 1n : 1n - (data[last] ?? 0n);
  else if (feed.type === 'float32' || feed.type === 'float64')
    data[last] = (data[last] as number) === 0 ? -1e4 : 0;
  else data[last] = isLengths ? (data[last] as number) - 1 : 1 - (data[last] as number);
  return { ...feed, data };
}

function summarise(
  plan: PaddingTestPlan,
  runs: readonly PaddedRun[],
  maskFlipChanges: boolean | null,
): PaddingTestResult {
  let maxRelativeDrift: number | null = null;
  let firstDrift: PaddingTestResult['firstDrift'] = null;
  let firstLeakingTap: PaddingTestResult['firstLeakingTap'] = null;
  let firstNaN: PaddingTestResult['firstNaN'] = null;
  for (const r of runs) {
    for (const [output, drift] of r.drifts) {
      if (drift === null) continue;
      maxRelativeDrift = maxRelativeDrift === null ? drift : Math.max(maxRelativeDrift, drift);
      if (firstDrift === null && isDrift(drift))
        firstDrift = { output, side: r.side, pads: r.pads, relativeDrift: drift };
    }
    const leaking = [...r.taps].find(([, m]) => m.isLeaking);
    if (firstLeakingTap === null && leaking)
      firstLeakingTap = { tap: leaking[0], side: r.side, pads: r.pads, leak: leaking[1].leak };
    if (firstNaN === null && r.firstNaN !== null)
      firstNaN = { where: r.firstNaN, side: r.side, pads: r.pads };
  }
  if (maxRelativeDrift === null) {
    return cannotTest(
      'no output could be compared between the unpadded and padded runs (their shapes change in ways other than the sequence axis).',
    );
  }
  const note =
    plan.fixedSeqLen === null
      ? null
      : `fixed-length export (T = ${plan.fixedSeqLen}): it cannot grow, so the content of its ${plan.fixedSeqLen - plan.content.ids.length} padding positions was changed instead.`;
  return {
    verdict: firstDrift === null ? 'invariant' : 'drifts',
    note,
    runs,
    maxRelativeDrift,
    firstDrift,
    firstLeakingTap,
    firstNaN,
    maskFlipChanges,
  };
}
