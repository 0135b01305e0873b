// The ONNX protobuf reader against a tiny writer: any model written reads back field for field,
// the appended-outputs patch merges into the graph, and broken bytes fail with WireError.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  readModel,
  type OnnxGraph,
  type OnnxModel,
  type OnnxNode,
} from '../../src/onnx/modelProto';
import { externaliseWeights } from '../../src/onnx/externalWeights';
import { withOutputs } from '../../src/onnx/patch';
import { readVarint, WireError } from '../../src/onnx/wire';
import { writeModel } from './helpers/onnxWriter';

const name = fc.string({ minLength: 1, maxLength: 12 });
const dim = fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), name, fc.constant(null));
const valueInfo = fc.record({
  name,
  elemType: fc.integer({ min: 1, max: 16 }),
  dims: fc.option(fc.array(dim, { maxLength: 4 }), { nil: null }),
});
const initializer = fc.record({
  name,
  elemType: fc.integer({ min: 1, max: 16 }),
  dims: fc.array(fc.integer({ min: 0, max: 2 ** 33 }), { maxLength: 4 }),
  isExternal: fc.boolean(),
});

const { graph } = fc.letrec<{ graph: OnnxGraph; node: OnnxNode }>((tie) => ({
  node: fc.record({
    opType: fc.constantFrom('Softmax', 'Add', 'MatMul', 'If', 'Where'),
    domain: fc.constantFrom('', 'com.microsoft'),
    name,
    inputs: fc.array(name, { maxLength: 3 }),
    outputs: fc.array(name, { minLength: 1, maxLength: 2 }),
    subgraphs: fc.array(tie('graph'), { maxLength: 1, depthIdentifier: 'graph' }),
    ints: fc
      .dictionary(name, fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { maxKeys: 2 })
      .map((d) => new Map(Object.entries(d))),
  }),
  graph: fc.record({
    nodes: fc.array(tie('node'), { maxLength: 3, depthIdentifier: 'graph' }),
    inputs: fc.array(valueInfo, { maxLength: 3 }),
    outputs: fc.array(valueInfo, { maxLength: 2 }),
    initializers: fc.array(initializer, { maxLength: 2 }),
  }),
}));

const model: fc.Arbitrary<OnnxModel> = fc.record({
  opsets: fc
    .dictionary(fc.constantFrom('', 'com.microsoft', 'ai.onnx.ml'), fc.integer({ min: 1, max: 23 }))
    .map((d) => new Map(Object.entries(d))),
  graph,
  functions: fc.array(
    fc.record({
      name,
      domain: fc.constantFrom('local', 'custom'),
      nodes: fc
        .array(
          graph.chain((g) => fc.constant(g.nodes)),
          { maxLength: 1 },
        )
        .map((n) => n.flat()),
    }),
    { maxLength: 2 },
  ),
});

describe('the ONNX protobuf reader', () => {
  it('reads back every field the writer wrote, dims packed or not', () => {
    fc.assert(
      fc.property(model, fc.boolean(), (written, packed) => {
        expect(readModel(writeModel(written, packed))).toEqual(written);
      }),
      { numRuns: 100 },
    );
  });

  it('sees appended tap names as graph outputs after the model’s own', () => {
    fc.assert(
      fc.property(model, fc.array(name, { minLength: 1, maxLength: 4 }), (written, taps) => {
        const read = readModel(withOutputs(writeModel(written), taps));
        expect(read.graph.outputs.map((o) => o.name)).toEqual([
          ...written.graph.outputs.map((o) => o.name),
          ...taps,
        ]);
        expect(read.graph.nodes).toEqual(written.graph.nodes);
      }),
      { numRuns: 100 },
    );
  });

  it('throws WireError, never anything else, on truncated model bytes', () => {
    fc.assert(
      fc.property(model, fc.nat(), (written, cut) => {
        const bytes = writeModel(written);
        const truncated = bytes.subarray(0, cut % bytes.length);
        try {
          readModel(truncated);
        } catch (error) {
          expect(error).toBeInstanceOf(WireError);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('reads ten-byte varints as negative int64s', () => {
    const minusOne = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(readVarint(minusOne, 0)).toEqual([-1, 10]);
  });
});

describe('weights handed to ONNX Runtime in place', () => {
  it('keeps every node, input and output, and points only the large initializers into the file', () => {
    const bytes = new Uint8Array(readFileSync('tests/fixtures/onnx/bert-key.onnx'));
    const original = readModel(bytes);
    const rewritten = externaliseWeights(bytes);
    const read = readModel(rewritten);
    expect(read.graph.nodes).toEqual(original.graph.nodes);
    expect(read.graph.inputs).toEqual(original.graph.inputs);
    expect(read.graph.outputs).toEqual(original.graph.outputs);
    expect(read.graph.initializers.map((i) => [i.name, i.dims])).toEqual(
      original.graph.initializers.map((i) => [i.name, i.dims]),
    );
    const external = read.graph.initializers.filter((i) => i.isExternal);
    // The word embeddings [1000, 32] float32 are 128 kB: external; a [32] bias stays inline.
    expect(external.map((i) => i.dims)).toContainEqual([1000, 32]);
    expect(
      read.graph.initializers.find((i) => i.dims.length === 1 && i.dims[0] === 32)?.isExternal,
    ).toBe(false);
    // What stays is the graph, small initializers and Constant nodes.
    expect(rewritten.length).toBeLessThan(bytes.length / 5);
  });
});
