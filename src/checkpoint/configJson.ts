/**
 * Hugging Face BERT `config.json` → `EncoderConfig`, with Hugging Face's defaults for the
 * optional fields (`BertConfig`). Fails loudly, naming the field, its value and what was expected.
 */
import type { EncoderConfig, HiddenAct } from '../model/config';
import { CheckpointError, describeValue } from './checkpointError';
import { jsonErrorOffset, lineAndColumn } from './jsonScan';

const HIDDEN_ACTS: readonly HiddenAct[] = ['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'relu'];

/** `BertConfig` defaults for fields a config.json may leave out. */
const DEFAULTS = {
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  hiddenAct: 'gelu',
  padTokenId: 0,
} as const;

/**
 * Upper bounds of the size fields: far above any BERT (bert-large: 24 layers, width 1,024;
 * multilingual vocabulary 119,547), yet low enough that nothing built from the config alone
 * (the list of expected weights, the model's layers) can take long or much memory.
 */
const MAX_SIZES = {
  vocab_size: 1_000_000,
  hidden_size: 65_536,
  num_hidden_layers: 1_000,
  num_attention_heads: 1_024,
  intermediate_size: 262_144,
  max_position_embeddings: 1_000_000,
  type_vocab_size: 1_000,
} as const;

type SizeField = keyof typeof MAX_SIZES;

type JsonObject = Readonly<Record<string, unknown>>;

/** Reads fields of one config object; every error names the file and the field. */
class FieldReader {
  constructor(
    private readonly json: JsonObject,
    private readonly fileName: string,
  ) {}

  /** The field's value, or undefined when absent (inherited properties never count). */
  private raw(name: string): unknown {
    return Object.hasOwn(this.json, name) ? this.json[name] : undefined;
  }

  /** The field's value, or `fallback` (when given) if it is absent or null. */
  orDefault(name: string, fallback?: unknown): unknown {
    const value = this.raw(name);
    return (value === undefined || value === null) && fallback !== undefined ? fallback : value;
  }

  fail(name: string, value: unknown, expected: string): never {
    const got = value === undefined ? 'missing' : describeValue(value);
    throw new CheckpointError(`${this.fileName}: field "${name}" is ${got}, expected ${expected}`);
  }

  /** A positive integer no larger than the field's bound in MAX_SIZES. */
  size(name: SizeField, fallback?: number): number {
    const value = this.orDefault(name, fallback);
    const max = MAX_SIZES[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > max) {
      return this.fail(name, value, `a positive integer up to ${max.toLocaleString('en-US')}`);
    }
    return value;
  }

  positiveNumber(name: string, fallback: number): number {
    const value = this.orDefault(name, fallback);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      return this.fail(name, value, 'a positive number');
    }
    return value;
  }

  /** A field that may be absent (or null) but, when present, must equal `expected`. */
  optionalConstant(name: string, expected: string): void {
    const value = this.orDefault(name, expected);
    if (value !== expected) {
      this.fail(name, value, `${JSON.stringify(expected)} (the only kind maskscope runs)`);
    }
  }
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHiddenAct(value: unknown): value is HiddenAct {
  return HIDDEN_ACTS.some((act) => act === value);
}

function readHiddenAct(fields: FieldReader): HiddenAct {
  const value = fields.orDefault('hidden_act', DEFAULTS.hiddenAct);
  if (!isHiddenAct(value)) {
    return fields.fail('hidden_act', value, `one of ${HIDDEN_ACTS.join(', ')}`);
  }
  return value;
}

function readPadTokenId(fields: FieldReader, vocabSize: number): number {
  // Some configs write null for "no pad token"; BERT's [PAD] is then id 0 by convention.
  const value = fields.orDefault('pad_token_id', DEFAULTS.padTokenId);
  if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    value < 0 ||
    value >= vocabSize
  ) {
    return fields.fail('pad_token_id', value, `an integer in [0, vocab_size = ${vocabSize})`);
  }
  return value;
}

/** Parses an already JSON-decoded BERT config. Throws `CheckpointError` naming `fileName`. */
export function parseConfig(json: unknown, fileName: string): EncoderConfig {
  if (!isJsonObject(json)) {
    throw new CheckpointError(`${fileName}: expected a JSON object, got ${describeValue(json)}`);
  }
  const fields = new FieldReader(json, fileName);
  fields.optionalConstant('model_type', 'bert');
  fields.optionalConstant('position_embedding_type', 'absolute');
  const vocabSize = fields.size('vocab_size');
  const hiddenSize = fields.size('hidden_size');
  const numHeads = fields.size('num_attention_heads');
  if (hiddenSize % numHeads !== 0) {
    fields.fail(
      'num_attention_heads',
      numHeads,
      `a divisor of hidden_size (${hiddenSize} is not divisible by ${numHeads})`,
    );
  }
  return {
    vocabSize,
    hiddenSize,
    numLayers: fields.size('num_hidden_layers'),
    numHeads,
    intermediateSize: fields.size('intermediate_size'),
    maxPositions: fields.size('max_position_embeddings'),
    typeVocabSize: fields.size('type_vocab_size', DEFAULTS.typeVocabSize),
    layerNormEps: fields.positiveNumber('layer_norm_eps', DEFAULTS.layerNormEps),
    hiddenAct: readHiddenAct(fields),
    padTokenId: readPadTokenId(fields, vocabSize),
  };
}

/** Parses config.json text; invalid JSON is a `CheckpointError` naming the file. */
export function parseConfigText(text: string, fileName: string): EncoderConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const place = lineAndColumn(text, jsonErrorOffset(text) ?? text.length);
    throw new CheckpointError(`${fileName}: not valid JSON at ${place}`, { cause: error });
  }
  return parseConfig(json, fileName);
}
