// A tiny protobuf writer for the ONNX messages src/onnx/modelProto.ts reads, so property tests
// can round-trip models without torch or a protobuf library. Field numbers from onnx.proto3.
import type {
  Dim,
  Initializer,
  OnnxFunction,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  ValueInfo,
} from '../../../src/onnx/modelProto';

function varint(value: number): number[] {
  // Negative int64s are ten bytes of two's complement.
  let rest = value < 0 ? BigInt(value) + 2n ** 64n : BigInt(value);
  const out: number[] = [];
  while (rest >= 0x80n) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
  return out;
}

const key = (field: number, wire: number): number[] => varint(field * 8 + wire);
const int = (field: number, value: number): number[] => [...key(field, 0), ...varint(value)];
const bytes = (field: number, payload: readonly number[]): number[] => [
  ...key(field, 2),
  ...varint(payload.length),
  ...payload,
];
const text = (field: number, value: string): number[] =>
  bytes(field, [...new TextEncoder().encode(value)]);

function dim(d: Dim): number[] {
  if (d === null) return bytes(1, []);
  return bytes(1, typeof d === 'number' ? int(1, d) : text(2, d));
}

function valueInfo(field: number, v: ValueInfo): number[] {
  const shape = v.dims === null ? [] : bytes(2, v.dims.flatMap(dim));
  return bytes(field, [
    ...text(1, v.name),
    ...bytes(2, bytes(1, [...int(1, v.elemType), ...shape])),
  ]);
}

function initializer(init: Initializer, packed: boolean): number[] {
  const dims = packed ? bytes(1, init.dims.flatMap(varint)) : init.dims.flatMap((d) => int(1, d));
  const data = init.isExternal ? int(14, 1) : bytes(9, [1, 2, 3, 4]);
  return bytes(5, [...dims, ...int(2, init.elemType), ...text(8, init.name), ...data]);
}

function node(n: OnnxNode): number[] {
  const attributes = [
    ...[...n.ints].map(([name, value]) =>
      bytes(5, [...text(1, name), ...int(3, value), ...int(20, 2)]),
    ),
    ...n.subgraphs.map((g) => bytes(5, [...text(1, 'body'), ...bytes(6, graph(g)), ...int(20, 5)])),
  ].flat();
  return [
    ...n.inputs.flatMap((i) => text(1, i)),
    ...n.outputs.flatMap((o) => text(2, o)),
    ...text(3, n.name),
    ...text(4, n.opType),
    ...attributes,
    ...text(7, n.domain),
  ];
}

/** GraphProto bytes; `packed` writes initializer dims as one packed run. */
export function graph(g: OnnxGraph, packed = false): number[] {
  return [
    ...g.nodes.flatMap((n) => bytes(1, node(n))),
    ...text(2, 'g'),
    ...g.initializers.flatMap((i) => initializer(i, packed)),
    ...g.inputs.flatMap((v) => valueInfo(11, v)),
    ...g.outputs.flatMap((v) => valueInfo(12, v)),
  ];
}

function fn(f: OnnxFunction): number[] {
  return [...text(1, f.name), ...f.nodes.flatMap((n) => bytes(7, node(n))), ...text(10, f.domain)];
}

/** ModelProto bytes of `model`, with an ir_version and producer as torch writes them. */
export function writeModel(model: OnnxModel, packed = false): Uint8Array {
  return new Uint8Array([
    ...int(1, 8),
    ...text(2, 'pytorch'),
    ...[...model.opsets].flatMap(([domain, version]) =>
      bytes(8, [...text(1, domain), ...int(2, version)]),
    ),
    ...bytes(7, graph(model.graph, packed)),
    ...model.functions.flatMap((f) => bytes(25, fn(f))),
  ]);
}
