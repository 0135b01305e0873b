/**
 * Loading a checkpoint (config.json + vocab.txt + *.safetensors) from a URL folder or from
 * files the user picked, and checking that the three agree with each other.
 */
import { parseVocab, VocabError } from '../tokenizer/vocab';
import { parseConfigText } from './configJson';
import { CheckpointError } from './checkpointError';
import { fetchOk, readBytes, type ProgressCallback } from './fetchBytes';
import { normaliseWeights } from './normaliseWeights';
import { parseSafetensors } from './safetensors';
import type { Checkpoint } from './types';

const CONFIG_FILE = 'config.json';
const VOCAB_FILE = 'vocab.txt';
const WEIGHTS_FILE = 'model.safetensors';
const WEIGHTS_SUFFIX = '.safetensors';

/** The raw contents of a checkpoint's three files and the names to use in messages. */
export interface CheckpointParts {
  readonly source: string;
  readonly configText: string;
  readonly configName: string;
  readonly vocabText: string;
  readonly vocabName: string;
  readonly weightsBytes: Uint8Array;
  readonly weightsName: string;
}

/** Options of `loadCheckpointFromUrl`. */
export interface LoadOptions {
  /** The fetch to use (default: the global one, looked up at call time). */
  readonly fetch?: typeof fetch;
  /** Progress of the safetensors download; `totalBytes` is 0 when the size is unknown. */
  readonly onProgress?: ProgressCallback;
}

function readVocab(text: string, name: string): ReturnType<typeof parseVocab> {
  try {
    return parseVocab(text, name);
  } catch (error) {
    if (error instanceof VocabError) {
      throw new CheckpointError(error.message, { cause: error });
    }
    throw error;
  }
}

/**
 * Builds a checked checkpoint from file contents: the config is parsed, the vocabulary must
 * have exactly `vocab_size` tokens with [PAD] at `pad_token_id`, and every weight must be
 * present with the shape the config implies. Throws `CheckpointError`.
 */
export function assembleCheckpoint(parts: CheckpointParts): Checkpoint {
  const config = parseConfigText(parts.configText, parts.configName);
  const vocab = readVocab(parts.vocabText, parts.vocabName);
  if (vocab.tokens.length !== config.vocabSize) {
    throw new CheckpointError(
      `${parts.vocabName}: ${vocab.tokens.length} tokens, but ${parts.configName} has vocab_size ${config.vocabSize}`,
    );
  }
  if (vocab.special.pad !== config.padTokenId) {
    throw new CheckpointError(
      `${parts.vocabName}: [PAD] is id ${vocab.special.pad}, but ${parts.configName} has pad_token_id ${config.padTokenId}`,
    );
  }
  const raw = parseSafetensors(parts.weightsBytes, parts.weightsName);
  const { weights, ignoredKeys } = normaliseWeights(raw, config, parts.weightsName);
  return { source: parts.source, config, vocab: vocab.tokens, weights, ignoredKeys };
}

/**
 * Fetches `${baseUrl}/config.json`, `vocab.txt` and `model.safetensors`, each once, without
 * parsing them (so the bytes can be handed to a worker). Network errors and non-2xx responses
 * become a `CheckpointError` naming the URL.
 */
export async function fetchCheckpointParts(
  baseUrl: string,
  options: LoadOptions = {},
): Promise<CheckpointParts> {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = baseUrl.replace(/\/+$/, '');
  const url = (file: string): string => `${base}/${file}`;
  // One failed file cancels the other downloads.
  const controller = new AbortController();
  const fetchFile = (file: string): Promise<Response> =>
    fetchOk(fetchFn, url(file), controller.signal);
  let files: [string, string, Uint8Array];
  try {
    files = await Promise.all([
      fetchFile(CONFIG_FILE).then((response) => response.text()),
      fetchFile(VOCAB_FILE).then((response) => response.text()),
      fetchFile(WEIGHTS_FILE).then((response) =>
        readBytes(response, url(WEIGHTS_FILE), options.onProgress),
      ),
    ]);
  } catch (error) {
    controller.abort();
    throw error;
  }
  const [configText, vocabText, weightsBytes] = files;
  return {
    source: base,
    configText,
    configName: url(CONFIG_FILE),
    vocabText,
    vocabName: url(VOCAB_FILE),
    weightsBytes,
    weightsName: url(WEIGHTS_FILE),
  };
}

/** Fetches a checkpoint folder (see fetchCheckpointParts) and assembles it. */
export async function loadCheckpointFromUrl(
  baseUrl: string,
  options: LoadOptions = {},
): Promise<Checkpoint> {
  return assembleCheckpoint(await fetchCheckpointParts(baseUrl, options));
}

function pickFiles(files: readonly File[]): { config: File; vocab: File; weights: File } {
  const named = (name: string): File[] => files.filter((file) => file.name === name);
  const configs = named(CONFIG_FILE);
  const vocabs = named(VOCAB_FILE);
  const weights = files.filter((file) => file.name.endsWith(WEIGHTS_SUFFIX));
  const got = files.length === 0 ? 'none' : files.map((file) => file.name).join(', ');
  const missing = [
    configs.length === 0 ? CONFIG_FILE : null,
    vocabs.length === 0 ? VOCAB_FILE : null,
    weights.length === 0 ? `a *${WEIGHTS_SUFFIX} file` : null,
  ].filter((name) => name !== null);
  if (missing.length > 0) {
    throw new CheckpointError(
      `missing ${missing.join(', ')}: choose config.json, vocab.txt and one *.safetensors file (got ${got})`,
    );
  }
  const [config, vocab, weightsFile] = [configs[0], vocabs[0], weights[0]];
  if (
    configs.length > 1 ||
    vocabs.length > 1 ||
    weights.length > 1 ||
    !config ||
    !vocab ||
    !weightsFile
  ) {
    throw new CheckpointError(
      `choose exactly one config.json, one vocab.txt and one *.safetensors file (got ${got}); sharded checkpoints are not supported`,
    );
  }
  return { config, vocab, weights: weightsFile };
}

/** Reads the files the user picked (config.json, vocab.txt, one *.safetensors) without parsing. */
export async function readCheckpointParts(files: readonly File[]): Promise<CheckpointParts> {
  const picked = pickFiles(files);
  const [configText, vocabText, weightsBuffer] = await Promise.all([
    picked.config.text(),
    picked.vocab.text(),
    picked.weights.arrayBuffer(),
  ]);
  return {
    source: picked.weights.name,
    configText,
    configName: picked.config.name,
    vocabText,
    vocabName: picked.vocab.name,
    weightsBytes: new Uint8Array(weightsBuffer),
    weightsName: picked.weights.name,
  };
}

/** Loads a checkpoint from files the user picked: config.json, vocab.txt and one *.safetensors. */
export async function loadCheckpointFromFiles(files: readonly File[]): Promise<Checkpoint> {
  return assembleCheckpoint(await readCheckpointParts(files));
}
