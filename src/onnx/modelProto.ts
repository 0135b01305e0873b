/**
 * The parts of an ONNX ModelProto maskscope needs (field numbers from onnx/onnx.proto3):
 * opset imports, the main graph's nodes, inputs, outputs and initializers (names, types and
 * dims, never their data), and local functions. Subgraphs of If/Loop/Scan are read as nodes.
 */
import { forEachField, readInts, readString, WireError, type WireField } from './wire';

/** One dimension: a number, a symbol such as "sequence", or null when the export left it unnamed. */
export type Dim = number | string | null;

/** A graph input or output: name, ONNX element type (1 float, 7 int64, 9 bool…) and dims. */
export interface ValueInfo {
  readonly name: string;
  /** onnx.TensorProto.DataType; 0 when the value is not a tensor or has no type. */
  readonly elemType: number;
  /** null when the export gave no shape. */
  readonly dims: readonly Dim[] | null;
}

/** A weight: its name, element type, dims, and whether its data lives in an external file. */
export interface Initializer {
  readonly name: string;
  readonly elemType: number;
  readonly dims: readonly number[];
  readonly isExternal: boolean;
}

/** One node; `subgraphs` are the bodies of If/Loop/Scan attributes. */
export interface OnnxNode {
  readonly opType: string;
  /** '' is the default ONNX domain ("ai.onnx"). */
  readonly domain: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly subgraphs: readonly OnnxGraph[];
  /** Integer attributes by name (axis, qk_matmul_output_mode…). */
  readonly ints: ReadonlyMap<string, number>;
}

/** A graph: nodes in file order (topologically sorted, as ONNX requires). */
export interface OnnxGraph {
  readonly nodes: readonly OnnxNode[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly initializers: readonly Initializer[];
}

/** A local function's name, domain and nodes. */
export interface OnnxFunction {
  readonly name: string;
  readonly domain: string;
  readonly nodes: readonly OnnxNode[];
}

/** What maskscope reads of a model file. */
export interface OnnxModel {
  /** Opset version by domain ('' = ai.onnx). */
  readonly opsets: ReadonlyMap<string, number>;
  readonly graph: OnnxGraph;
  readonly functions: readonly OnnxFunction[];
}

type Range = WireField;

/** Reads a serialised ModelProto; throws WireError on malformed bytes or a model without a graph. */
export function readModel(bytes: Uint8Array): OnnxModel {
  const opsets = new Map<string, number>();
  const graphs: Range[] = [];
  const functions: OnnxFunction[] = [];
  forEachField(bytes, (f) => {
    if (f.field === 8 && f.wire === 2) {
      const opset = readOpset(bytes, f);
      opsets.set(opset.domain, opset.version);
    } else if (f.field === 7 && f.wire === 2) {
      graphs.push(f);
    } else if (f.field === 25 && f.wire === 2) {
      functions.push(readFunction(bytes, f));
    }
  });
  if (graphs.length === 0) throw new WireError('the file holds no ONNX graph.');
  // A singular message field repeated in the bytes is merged (protobuf's rule): read them all.
  return { opsets, graph: mergeGraphs(graphs.map((g) => readGraph(bytes, g))), functions };
}

function mergeGraphs(graphs: readonly OnnxGraph[]): OnnxGraph {
  return {
    nodes: graphs.flatMap((g) => g.nodes),
    inputs: graphs.flatMap((g) => g.inputs),
    outputs: graphs.flatMap((g) => g.outputs),
    initializers: graphs.flatMap((g) => g.initializers),
  };
}

function readOpset(bytes: Uint8Array, range: Range): { domain: string; version: number } {
  let domain = '';
  let version = 0;
  forEachField(
    bytes,
    (f) => {
      if (f.field === 1 && f.wire === 2) domain = readString(bytes, f);
      else if (f.field === 2 && f.wire === 0) version = f.value;
    },
    range.start,
    range.end,
  );
  return { domain: domain === 'ai.onnx' ? '' : domain, version };
}

function readGraph(bytes: Uint8Array, range: Range): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const inputs: ValueInfo[] = [];
  const outputs: ValueInfo[] = [];
  const initializers: Initializer[] = [];
  forEachField(
    bytes,
    (f) => {
      if (f.wire !== 2) return;
      if (f.field === 1) nodes.push(readNode(bytes, f));
      else if (f.field === 11) inputs.push(readValueInfo(bytes, f));
      else if (f.field === 12) outputs.push(readValueInfo(bytes, f));
      else if (f.field === 5) initializers.push(readInitializer(bytes, f));
    },
    range.start,
    range.end,
  );
  return { nodes, inputs, outputs, initializers };
}

function readNode(bytes: Uint8Array, range: Range): OnnxNode {
  const inputs: string[] = [];
  const outputs: string[] = [];
  const subgraphs: OnnxGraph[] = [];
  const ints = new Map<string, number>();
  let opType = '';
  let domain = '';
  let name = '';
  forEachField(
    bytes,
    (f) => {
      if (f.wire !== 2) return;
      if (f.field === 1) inputs.push(readString(bytes, f));
      else if (f.field === 2) outputs.push(readString(bytes, f));
      else if (f.field === 3) name = readString(bytes, f);
      else if (f.field === 4) opType = readString(bytes, f);
      else if (f.field === 7) domain = readString(bytes, f);
      else if (f.field === 5) readAttribute(bytes, f, subgraphs, ints);
    },
    range.start,
    range.end,
  );
  return {
    opType,
    domain: domain === 'ai.onnx' ? '' : domain,
    name,
    inputs,
    outputs,
    subgraphs,
    ints,
  };
}

/** AttributeProto: name 1, i 3, g 6, graphs 11. Other kinds are skipped. */
function readAttribute(
  bytes: Uint8Array,
  range: Range,
  subgraphs: OnnxGraph[],
  ints: Map<string, number>,
): void {
  let name = '';
  let value: number | null = null;
  forEachField(
    bytes,
    (f) => {
      if (f.field === 1 && f.wire === 2) name = readString(bytes, f);
      else if (f.field === 3 && f.wire === 0) value = f.value;
      else if ((f.field === 6 || f.field === 11) && f.wire === 2)
        subgraphs.push(readGraph(bytes, f));
    },
    range.start,
    range.end,
  );
  if (value !== null) ints.set(name, value);
}

/** ValueInfoProto → TypeProto (2) → tensor_type (1) → elem_type (1), shape (2) → dim (1). */
function readValueInfo(bytes: Uint8Array, range: Range): ValueInfo {
  let name = '';
  let elemType = 0;
  let dims: Dim[] | null = null;
  forEachField(
    bytes,
    (f) => {
      if (f.field === 1 && f.wire === 2) name = readString(bytes, f);
      if (f.field !== 2 || f.wire !== 2) return;
      forEachField(
        bytes,
        (typeField) => {
          if (typeField.field !== 1 || typeField.wire !== 2) return;
          forEachField(
            bytes,
            (tensor) => {
              if (tensor.field === 1 && tensor.wire === 0) elemType = tensor.value;
              else if (tensor.field === 2 && tensor.wire === 2) dims = readShape(bytes, tensor);
            },
            typeField.start,
            typeField.end,
          );
        },
        f.start,
        f.end,
      );
    },
    range.start,
    range.end,
  );
  return { name, elemType, dims };
}

function readShape(bytes: Uint8Array, range: Range): Dim[] {
  const dims: Dim[] = [];
  forEachField(
    bytes,
    (f) => {
      if (f.field !== 1 || f.wire !== 2) return;
      let dim: Dim = null;
      forEachField(
        bytes,
        (d) => {
          if (d.field === 1 && d.wire === 0) dim = d.value;
          else if (d.field === 2 && d.wire === 2) dim = readString(bytes, d);
        },
        f.start,
        f.end,
      );
      dims.push(dim);
    },
    range.start,
    range.end,
  );
  return dims;
}

/** TensorProto: dims 1, data_type 2, name 8, data_location 14 (1 = external). Data is skipped. */
function readInitializer(bytes: Uint8Array, range: Range): Initializer {
  const dims: number[] = [];
  let elemType = 0;
  let name = '';
  let isExternal = false;
  forEachField(
    bytes,
    (f) => {
      if (f.field === 1) dims.push(...readInts(bytes, f));
      else if (f.field === 2 && f.wire === 0) elemType = f.value;
      else if (f.field === 8 && f.wire === 2) name = readString(bytes, f);
      else if (f.field === 14 && f.wire === 0) isExternal = f.value === 1;
    },
    range.start,
    range.end,
  );
  return { name, elemType, dims, isExternal };
}

/** FunctionProto: name 1, node 7, domain 10. */
function readFunction(bytes: Uint8Array, range: Range): OnnxFunction {
  const nodes: OnnxNode[] = [];
  let name = '';
  let domain = '';
  forEachField(
    bytes,
    (f) => {
      if (f.wire !== 2) return;
      if (f.field === 1) name = readString(bytes, f);
      else if (f.field === 7) nodes.push(readNode(bytes, f));
      else if (f.field === 10) domain = readString(bytes, f);
    },
    range.start,
    range.end,
  );
  return { name, domain, nodes };
}
