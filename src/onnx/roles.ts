/**
 * Which part each graph input plays in a padding test. A first guess comes from the input's
 * name, element type and rank; a data-flow walk from every Softmax back to the graph inputs then
 * confirms which inputs shape the attention scores (the mask, or the lengths it is built from).
 */
import type { OnnxGraph, ValueInfo } from './modelProto';
import type { SoftmaxTap } from './inspect';

/** One input's role. Masks read: keep (1 = real), ignore (1 = padding), additive (0 / −large). */
export type InputRole =
  | 'ids'
  | 'mask-keep'
  | 'mask-ignore'
  | 'mask-additive'
  | 'lengths'
  | 'features'
  | 'token-types'
  | 'positions'
  | 'other';

/** Every role, for the CLI's --input NAME=ROLE and the app's overrides. */
export const INPUT_ROLES: readonly InputRole[] = [
  'ids',
  'mask-keep',
  'mask-ignore',
  'mask-additive',
  'lengths',
  'features',
  'token-types',
  'positions',
  'other',
];

/** An input with its role, and whether a Softmax's scores depend on it outside any MatMul. */
export interface RoledInput {
  readonly input: ValueInfo;
  readonly role: InputRole;
  /** True when the data-flow walk reached this input from a Softmax's scores. */
  readonly reachesSoftmax: boolean;
}

/** onnx.TensorProto.DataType codes maskscope feeds. */
export const ELEM = { float: 1, int32: 6, int64: 7, bool: 9, double: 11 } as const;

const isFloat = (v: ValueInfo): boolean => v.elemType === ELEM.float || v.elemType === ELEM.double;
const isInt = (v: ValueInfo): boolean => v.elemType === ELEM.int32 || v.elemType === ELEM.int64;

/** The role an input's name, element type and rank suggest. */
export function guessRole(input: ValueInfo): InputRole {
  const name = input.name.toLowerCase();
  const rank = input.dims?.length ?? -1;
  if (/len/.test(name) && rank <= 1 && isInt(input)) return 'lengths';
  if (/mask/.test(name)) {
    if (isFloat(input)) return 'mask-additive';
    return /padding|pad_mask|ignore/.test(name) ? 'mask-ignore' : 'mask-keep';
  }
  if (/type|segment/.test(name) && isInt(input)) return 'token-types';
  if (/position|pos_ids|^pos/.test(name) && isInt(input)) return 'positions';
  if (isInt(input) && rank === 2) return 'ids';
  if (isFloat(input) && rank === 3) return 'features';
  return 'other';
}

// The scores' own path (q·k) runs through these; the mask's path does not. Shape and Size read
// only a tensor's shape, never its values.
const STOPS = new Set(['MatMul', 'Gemm', 'Conv', 'Shape', 'Size', 'Gather', 'Einsum']);

/** The graph inputs that a Softmax's input depends on without passing a MatMul, Gather or Shape. */
export function inputsReachingSoftmax(graph: OnnxGraph, taps: readonly SoftmaxTap[]): Set<string> {
  const producer = new Map<string, (typeof graph.nodes)[number]>();
  for (const node of graph.nodes) for (const out of node.outputs) producer.set(out, node);
  const inputNames = new Set(graph.inputs.map((v) => v.name));
  const reached = new Set<string>();
  const seen = new Set<string>();
  const stack = taps.map((tap) => tap.input);
  while (stack.length > 0) {
    const value = stack.pop() as string;
    if (seen.has(value)) continue;
    seen.add(value);
    if (inputNames.has(value)) reached.add(value);
    const node = producer.get(value);
    if (node !== undefined && !STOPS.has(node.opType)) stack.push(...node.inputs);
  }
  return reached;
}

/**
 * Roles of the graph's real inputs (initializers listed as inputs by old exporters excluded).
 * Where two inputs look like token ids, one that shapes a Softmax's scores is the mask.
 */
export function findRoles(
  graph: OnnxGraph,
  taps: readonly SoftmaxTap[],
  overrides: ReadonlyMap<string, InputRole> = new Map(),
): RoledInput[] {
  const weights = new Set(graph.initializers.map((init) => init.name));
  const reached = inputsReachingSoftmax(graph, taps);
  const inputs = graph.inputs.filter((input) => !weights.has(input.name));
  const guessed = inputs.map((input) => guessRole(input));
  const hasTwoIds = guessed.filter((role) => role === 'ids').length > 1;
  return inputs.map((input, i) => {
    const reachesSoftmax = reached.has(input.name);
    const guess = guessed[i] ?? 'other';
    const role = hasTwoIds && guess === 'ids' && reachesSoftmax ? 'mask-keep' : guess;
    return { input, role: overrides.get(input.name) ?? role, reachesSoftmax };
  });
}

/** True for the roles that say which positions are padding. */
export function isMaskRole(role: InputRole): boolean {
  return (
    role === 'mask-keep' || role === 'mask-ignore' || role === 'mask-additive' || role === 'lengths'
  );
}

/** The input that carries the padding (a mask or the lengths), or null when the export has none. */
export function maskInputOf(roles: readonly RoledInput[]): RoledInput | null {
  return roles.find((r) => isMaskRole(r.role)) ?? null;
}
