// Golden-vector sets (tests/golden/<name>/): cases.json, expected.safetensors and the checkpoint
// they were made with. Files are read through a `read(path)` callback so that the same code
// runs in Node (fs) and in the page of the Playwright test (fetch from the vite dev server).
import type { Checkpoint, DenseTensor } from '../../../src/checkpoint/types';
import { assembleCheckpoint } from '../../../src/checkpoint/load';
import { parseSafetensors } from '../../../src/checkpoint/safetensors';
import type { MaskMode } from '../../../src/masks/maskMode';
import { parseMaskMode } from '../../../src/masks/maskModeJson';
import type { EncoderInput } from '../../../src/model/encoderIo';

/** Reads a file by its path relative to the repository root. */
export type ReadFile = (path: string) => Promise<Uint8Array>;

/** One golden case: an encoder input and the rows whose logits were stored. */
export interface GoldenCase {
  readonly name: string;
  readonly input: EncoderInput;
  readonly logitRows: readonly number[];
}

/** The stored outputs of one case (see tests/golden/tiny/README.md). */
export interface GoldenExpected {
  /** [B*T, V] for every row, or [N, V] for the logitRows. */
  readonly logits: DenseTensor;
  readonly hidden: DenseTensor;
  readonly attention: DenseTensor;
  readonly scores: DenseTensor | undefined;
}

/** A loaded golden set. */
export interface GoldenSet {
  readonly name: string;
  readonly checkpoint: Checkpoint;
  readonly cases: readonly GoldenCase[];
  readonly expected: ReadonlyMap<string, GoldenExpected>;
}

type JsonRecord = Record<string, unknown>;

function field<T>(
  record: JsonRecord,
  key: string,
  check: (v: unknown) => v is T,
  where: string,
): T {
  const value = record[key];
  if (!check(value)) {
    throw new Error(`${where}.${key} is missing or has the wrong type`);
  }
  return value;
}

const isNumber = (v: unknown): v is number => typeof v === 'number';
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every(isNumber);
const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null;

function parseCase(json: unknown, where: string): GoldenCase {
  if (!isRecord(json)) {
    throw new Error(`${where} is not an object`);
  }
  const mode: MaskMode = parseMaskMode(json['mode'], `${where}.mode`);
  const ints = (key: string) => Int32Array.from(field(json, key, isNumbers, where));
  return {
    name: field(json, 'name', isString, where),
    input: {
      batch: field(json, 'batch', isNumber, where),
      seqLen: field(json, 'seqLen', isNumber, where),
      ids: ints('ids'),
      attentionMask: ints('attentionMask'),
      positionIds: ints('positionIds'),
      mode,
    },
    logitRows: field(json, 'logitRows', isNumbers, where),
  };
}

/** The checkpoint folder through the app's own loader checks (config, vocab, weights agree). */
async function readCheckpoint(folder: string, read: ReadFile): Promise<Checkpoint> {
  const text = async (name: string) => new TextDecoder().decode(await read(`${folder}/${name}`));
  return assembleCheckpoint({
    source: folder,
    configText: await text('config.json'),
    configName: `${folder}/config.json`,
    vocabText: await text('vocab.txt'),
    vocabName: `${folder}/vocab.txt`,
    weightsBytes: await read(`${folder}/model.safetensors`),
    weightsName: `${folder}/model.safetensors`,
  });
}

function expectedOf(tensors: Map<string, DenseTensor>, name: string, where: string) {
  const get = (suffix: string): DenseTensor => {
    const tensor = tensors.get(`${name}.${suffix}`);
    if (tensor === undefined) {
      throw new Error(`${where} has no tensor "${name}.${suffix}"`);
    }
    return tensor;
  };
  const scores = tensors.get(`${name}.scores`);
  return { logits: get('logits'), hidden: get('hidden'), attention: get('attention'), scores };
}

/** Loads tests/golden/<name>: its cases, the expected outputs and the checkpoint they name. */
export async function loadGoldenSet(name: string, read: ReadFile): Promise<GoldenSet> {
  const folder = `tests/golden/${name}`;
  const json: unknown = JSON.parse(new TextDecoder().decode(await read(`${folder}/cases.json`)));
  if (!isRecord(json) || !Array.isArray(json['cases'])) {
    throw new Error(`${folder}/cases.json has no "cases" array`);
  }
  const cases = json['cases'].map((c, i) => parseCase(c, `${folder}/cases.json cases[${i}]`));
  const checkpointPath = field(json, 'checkpoint', isString, `${folder}/cases.json`);
  const tensors = parseSafetensors(await read(`${folder}/expected.safetensors`), 'expected');
  const where = `${folder}/expected.safetensors`;
  return {
    name,
    checkpoint: await readCheckpoint(checkpointPath, read),
    cases,
    expected: new Map(cases.map((c) => [c.name, expectedOf(tensors, c.name, where)])),
  };
}

/** The expected logits of the case's logitRows, [N, V], whether all rows or only those were stored. */
export function expectedLogitRows(expected: DenseTensor, goldenCase: GoldenCase): Float32Array {
  const [rows = 0, vocab = 0] = expected.shape;
  if (rows === goldenCase.logitRows.length) {
    return expected.data;
  }
  const out = new Float32Array(goldenCase.logitRows.length * vocab);
  goldenCase.logitRows.forEach((row, i) => {
    out.set(expected.data.subarray(row * vocab, (row + 1) * vocab), i * vocab);
  });
  return out;
}
