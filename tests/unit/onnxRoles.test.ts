// Input roles, tap shapes, the sequence axis of outputs, and what cannot be tapped, on small
// hand-made graphs (the fixtures cover the same end to end through the CLI).
import { describe, expect, it } from 'vitest';
import { planTaps } from '../../src/onnx/inspect';
import { comparedAxis, tapShape } from '../../src/onnx/measure';
import type { OnnxGraph, OnnxModel, OnnxNode, ValueInfo } from '../../src/onnx/modelProto';
import { findRoles, guessRole } from '../../src/onnx/roles';

const FLOAT = 1;
const INT64 = 7;
const BOOL = 9;
const BT = ['batch', 'sequence'];

function input(name: string, elemType: number, dims: ValueInfo['dims']): ValueInfo {
  return { name, elemType, dims };
}

function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  extra: Partial<OnnxNode> = {},
): OnnxNode {
  return {
    opType,
    domain: '',
    name: '',
    inputs,
    outputs,
    subgraphs: [],
    ints: new Map(),
    ...extra,
  };
}

function model(
  nodes: OnnxNode[],
  inputs: ValueInfo[] = [],
  functions: OnnxModel['functions'] = [],
): OnnxModel {
  const graph: OnnxGraph = { nodes, inputs, outputs: [], initializers: [] };
  return { opsets: new Map([['', 14]]), graph, functions };
}

describe('input roles', () => {
  it.each([
    ['input_ids', INT64, BT, 'ids'],
    ['attention_mask', INT64, BT, 'mask-keep'],
    ['attention_mask', BOOL, BT, 'mask-keep'],
    ['src_key_padding_mask', BOOL, BT, 'mask-ignore'],
    ['attention_mask', FLOAT, ['batch', 1, 1, 'sequence'], 'mask-additive'],
    ['lengths', INT64, ['batch'], 'lengths'],
    ['token_type_ids', INT64, BT, 'token-types'],
    ['position_ids', INT64, BT, 'positions'],
    ['frames', FLOAT, ['batch', 'sequence', 80], 'features'],
    ['temperature', FLOAT, [1], 'other'],
  ] as const)('%s (type %i, dims %j) reads as %s', (name, elemType, dims, role) => {
    expect(guessRole(input(name, elemType, [...dims]))).toBe(role);
  });

  it('takes the second ids-like input that shapes the scores (the walk stops at their MatMul) as the mask', () => {
    const nodes = [
      node('Gather', ['embed', 'ids'], ['x']),
      node('MatMul', ['x', 'x'], ['scores']),
      node('Cast', ['m'], ['mf']),
      node('Mul', ['mf', 'big'], ['bias']),
      node('Add', ['scores', 'bias'], ['masked']),
      node('Softmax', ['masked'], ['probs']),
    ];
    const inputs = [input('ids', INT64, BT), input('m', INT64, BT)];
    const graph = model(nodes, inputs).graph;
    const roles = findRoles(graph, planTaps(model(nodes, inputs)).taps);
    expect(roles.map((r) => [r.input.name, r.role, r.reachesSoftmax])).toEqual([
      ['ids', 'ids', false],
      ['m', 'mask-keep', true],
    ]);
    const overridden = findRoles(
      graph,
      planTaps(model(nodes, inputs)).taps,
      new Map([['m', 'other']]),
    );
    expect(overridden[1]?.role).toBe('other');
  });
});

describe('taps and outputs', () => {
  it('reads [1, H, T, T] and [B·H, T, T] as heads, [1, T] as a pooling, and a vocabulary softmax as neither', () => {
    expect(tapShape([1, 4, 9, 9], 9)).toEqual({ kind: 'matrices', heads: 4, queries: 9 });
    expect(tapShape([2, 9, 9], 9)).toEqual({ kind: 'matrices', heads: 2, queries: 9 });
    expect(tapShape([1, 2, 3, 9], 9)).toEqual({ kind: 'matrices', heads: 2, queries: 3 });
    expect(tapShape([1, 9], 9)).toEqual({ kind: 'pooling' });
    expect(tapShape([1, 9, 1000], 9)).toEqual({ kind: 'other' });
  });

  it('finds the sequence axis of an output as the one that grows with the padding', () => {
    expect(comparedAxis([1, 12, 40], [1, 20, 40], 12, 20)).toEqual({ kind: 'positions', axis: 1 });
    expect(comparedAxis([3, 1, 12, 16], [3, 1, 20, 16], 12, 20)).toEqual({
      kind: 'positions',
      axis: 2,
    });
    expect(comparedAxis([1, 16], [1, 16], 12, 20)).toEqual({ kind: 'whole' });
    expect(comparedAxis([1, 12, 12], [1, 20, 19], 12, 20)).toBeNull();
  });
});

describe('what cannot be tapped', () => {
  it('names fused attention, the opset-23 Attention op, nested Softmax, functions and quantized graphs', () => {
    const body: OnnxGraph = {
      nodes: [node('Softmax', ['a'], ['b'])],
      inputs: [],
      outputs: [],
      initializers: [],
    };
    const plan = planTaps(
      model(
        [
          node('Attention', ['x'], ['y'], { domain: 'com.microsoft', name: 'fused' }),
          node('Attention', ['x'], ['z'], { name: 'op23' }),
          node('If', ['c'], ['w'], { subgraphs: [body], name: 'branch' }),
          node('DequantizeLinear', ['q'], ['d'], { name: 'dq' }),
          node('Softmax', ['x'], ['p'], { ints: new Map([['axis', -1]]) }),
        ],
        [],
        [{ name: 'attn', domain: 'local', nodes: [node('Softmax', ['a'], ['b'])] }],
      ),
    );
    expect(plan.taps.map((t) => t.output)).toEqual(['p']);
    expect(plan.untappable.map((u) => [u.kind, u.where])).toEqual([
      ['fused-attention', 'fused'],
      ['attention-op', 'op23'],
      ['nested-softmax', 'branch'],
      ['nested-softmax', 'function local.attn'],
      ['quantized', 'dq'],
    ]);
    expect(plan.untappable[0]?.reason).toMatch(/re-export without the transformers optimizer/);
  });
});
