/**
 * Raw safetensors names → canonical `BertForMaskedLM` names, then a key-by-key, shape-by-shape
 * check against the config (as nanoGPT's `from_pretrained` does).
 */
import type { EncoderConfig } from '../model/config';
import { EMBEDDING_KEYS, MLM_HEAD_KEYS, expectedWeights } from './bertKeys';
import { CheckpointError } from './checkpointError';
import type { DenseTensor } from './types';

/** Prefixes of a bare `BertModel` state_dict, which lacks the `bert.` of `BertForMaskedLM`. */
const BARE_MODEL_PREFIXES = ['embeddings.', 'encoder.', 'pooler.'];
/** Hugging Face's name for the decoder bias when it is saved under the decoder. */
const DECODER_BIAS_ALIAS = 'cls.predictions.decoder.bias';
const MLM_HEAD_PREFIX = 'cls.predictions.';
/** A canonical encoder-layer key and its layer index. */
const LAYER_KEY = /^bert\.encoder\.layer\.(\d+)\./;
/** Where to take a weight from when its own name is absent: the tied decoder, the moved bias. */
const FALLBACK_SOURCES: ReadonlyMap<string, string> = new Map([
  [MLM_HEAD_KEYS.decoderBias, DECODER_BIAS_ALIAS],
  [MLM_HEAD_KEYS.decoderWeight, EMBEDDING_KEYS.word],
]);

/** Weights keyed by canonical name, and the original names of tensors that were not used. */
export interface NormalisedWeights {
  readonly weights: Map<string, DenseTensor>;
  /** Tensors the model does not use (pooler, next-sentence head, unknown extras), sorted. */
  readonly ignoredKeys: string[];
}

/** The canonical name of a raw key: `bert.` prefix added, legacy `gamma`/`beta` renamed. */
export function canonicalKey(key: string): string {
  let name = key;
  if (name.endsWith('.gamma')) {
    name = `${name.slice(0, -'gamma'.length)}weight`;
  } else if (name.endsWith('.beta')) {
    name = `${name.slice(0, -'beta'.length)}bias`;
  }
  return BARE_MODEL_PREFIXES.some((prefix) => name.startsWith(prefix)) ? `bert.${name}` : name;
}

function renameAll(
  raw: ReadonlyMap<string, DenseTensor>,
  file: string,
): Map<string, [string, DenseTensor]> {
  const byCanonical = new Map<string, [string, DenseTensor]>();
  for (const [key, tensor] of raw) {
    const name = canonicalKey(key);
    const earlier = byCanonical.get(name);
    if (earlier !== undefined) {
      throw new CheckpointError(
        `${file}: tensors "${earlier[0]}" and "${key}" are both "${name}"; keep only one`,
      );
    }
    byCanonical.set(name, [key, tensor]);
  }
  return byCanonical;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Picks, renames and checks the weights a `BertForMaskedLM` with `config` needs. The decoder
 * weight is tied to the word embeddings when absent. Throws `CheckpointError` naming `file`
 * and the first missing or mis-shaped tensor.
 */
export function normaliseWeights(
  raw: ReadonlyMap<string, DenseTensor>,
  config: EncoderConfig,
  file: string,
): NormalisedWeights {
  const byCanonical = renameAll(raw, file);
  if (![...byCanonical.keys()].some((name) => name.startsWith(MLM_HEAD_PREFIX))) {
    throw new CheckpointError(
      `${file}: this checkpoint has no masked-LM head (cls.predictions.*); maskscope needs a BertForMaskedLM checkpoint`,
    );
  }
  const used = new Set<string>();
  const weights = new Map<string, DenseTensor>();
  const expected = expectedWeights(config);
  const missing: string[] = [];
  for (const { key, shape } of expected) {
    const alias = FALLBACK_SOURCES.get(key);
    const source = byCanonical.has(key) || alias === undefined ? key : alias;
    const found = byCanonical.get(source);
    if (found === undefined) {
      missing.push(`"${key}" (expected shape ${formatShape(shape)})`);
      continue;
    }
    const [rawKey, tensor] = found;
    if (!sameShape(tensor.shape, shape)) {
      throw new CheckpointError(
        `${file}: tensor "${rawKey}": expected shape ${formatShape(shape)} from the config, found ${formatShape(tensor.shape)}`,
      );
    }
    used.add(rawKey);
    weights.set(key, tensor);
  }
  if (missing.length > 0) {
    const total = missing.length > 1 ? ` (${missing.length} tensors missing in all)` : '';
    throw new CheckpointError(`${file}: tensor ${missing[0]} is missing${total}`);
  }
  const ignoredKeys = [...raw.keys()].filter((key) => !used.has(key)).sort();
  checkNoExtraLayers(ignoredKeys, config.numLayers, file);
  return { weights, ignoredKeys };
}

/**
 * Whole encoder layers past `num_hidden_layers` mean the config does not describe these weights
 * (a model run with fewer layers than it was trained with is silently wrong): refuse them.
 */
function checkNoExtraLayers(ignoredKeys: readonly string[], numLayers: number, file: string): void {
  const layerOf = (key: string): number => Number(LAYER_KEY.exec(canonicalKey(key))?.[1] ?? -1);
  const extra = ignoredKeys.filter((key) => layerOf(key) >= numLayers);
  const [first] = extra;
  if (first === undefined) {
    return;
  }
  const layers = [...new Set(extra.map(layerOf))].sort((a, b) => a - b);
  throw new CheckpointError(
    `${file}: encoder layers ${layers.join(', ')} (${extra.length} tensors, the first "${first}") are not used: the config has num_hidden_layers ${numLayers}`,
  );
}
