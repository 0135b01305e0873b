/**
 * What can be tapped in a model and what cannot: the main graph's Softmax outputs are taps;
 * fused attention ops, Softmax inside functions or If/Loop/Scan bodies, the opset-23 Attention
 * op and quantized graphs are named with the reason (external weights are read: externalData.ts).
 */
import type { OnnxGraph, OnnxModel, OnnxNode } from './modelProto';

/** A Softmax in the main graph whose output becomes a tap. */
export interface SoftmaxTap {
  /** The Softmax's output name (the tensor ONNX Runtime returns). */
  readonly output: string;
  /** The Softmax's input: the scores, often an Add/Where of the mask. */
  readonly input: string;
  readonly nodeName: string;
  /** The `axis` attribute (-1 by default from opset 13). */
  readonly axis: number;
}

/** Something the model holds that maskscope cannot tap, and why. */
export interface Untappable {
  readonly kind: 'fused-attention' | 'nested-softmax' | 'attention-op' | 'quantized';
  readonly where: string;
  readonly reason: string;
}

/** The model's taps and what it holds that cannot be tapped. */
export interface TapPlan {
  readonly taps: readonly SoftmaxTap[];
  readonly untappable: readonly Untappable[];
}

const FUSED = new Set([
  'Attention',
  'MultiHeadAttention',
  'PackedAttention',
  'GroupQueryAttention',
]);
const QUANTIZED = new Set([
  'QuantizeLinear',
  'DequantizeLinear',
  'DynamicQuantizeLinear',
  'QLinearMatMul',
  'MatMulInteger',
  'QAttention',
  'MatMulNBits',
]);

/** Finds the taps and the untappable parts of a model. */
export function planTaps(model: OnnxModel): TapPlan {
  const { graph } = model;
  const taps = graph.nodes
    .filter((node) => node.opType === 'Softmax' && node.domain === '')
    .map((node) => ({
      output: node.outputs[0] ?? '',
      input: node.inputs[0] ?? '',
      nodeName: node.name,
      axis: node.ints.get('axis') ?? -1,
    }))
    .filter((tap) => tap.output !== '');
  return { taps, untappable: untappableParts(model) };
}

function nodeParts(node: OnnxNode): Untappable[] {
  const found: Untappable[] = [];
  const where = node.name === '' ? node.opType : node.name;
  if (FUSED.has(node.opType) && node.domain === 'com.microsoft') {
    found.push({
      kind: 'fused-attention',
      where,
      reason: `fused ${node.domain}.${node.opType} never materialises its weights: re-export without the transformers optimizer (the padding test still runs).`,
    });
  } else if (node.opType === 'Attention' && node.domain === '') {
    found.push({
      kind: 'attention-op',
      where,
      reason:
        'the opset-23 Attention op computes softmax inside; re-export with qk_matmul_output_mode 3 to get its post-softmax weights as an output, or export eager attention.',
    });
  }
  if (subgraphsHoldSoftmax(node.subgraphs)) {
    found.push({
      kind: 'nested-softmax',
      where,
      reason: `a Softmax inside the ${node.opType} node's subgraph cannot be made a graph output.`,
    });
  }
  return found;
}

function untappableParts(model: OnnxModel): Untappable[] {
  const found = model.graph.nodes.flatMap(nodeParts);
  for (const fn of model.functions) {
    if (
      fn.nodes.some((node) => node.opType === 'Softmax' || subgraphsHoldSoftmax(node.subgraphs))
    ) {
      found.push({
        kind: 'nested-softmax',
        where: `function ${fn.domain}.${fn.name}`,
        reason:
          'a Softmax inside a local function cannot be made a graph output; export with the function inlined.',
      });
    }
  }
  const quantized = model.graph.nodes.find((node) => QUANTIZED.has(node.opType));
  if (quantized !== undefined) {
    found.push({
      kind: 'quantized',
      where: quantized.name === '' ? quantized.opType : quantized.name,
      reason:
        'a quantized graph: its attention and drift are integer-rounded; test the float export instead.',
    });
  }
  return found;
}

function subgraphsHoldSoftmax(graphs: readonly OnnxGraph[]): boolean {
  return graphs.some((g) =>
    g.nodes.some(
      (node: OnnxNode) => node.opType === 'Softmax' || subgraphsHoldSoftmax(node.subgraphs),
    ),
  );
}
