import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/checkpoint/checkpointError';
import { loadCheckpointFromUrl } from '../../src/checkpoint/load';
import { TINY_CONFIG_JSON, TINY_VOCAB_TEXT, tinySafetensors } from './helpers/tinyCheckpoint';

const BASE = '/models/tiny';
const CHUNK_BYTES = 1000;

interface ServeOptions {
  readonly withLength?: boolean;
  readonly encoding?: string;
}

function chunked(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + CHUNK_BYTES));
      offset += CHUNK_BYTES;
    },
  });
}

/** A fetch serving files from memory, in chunks; unknown URLs get a 404. Records requests. */
function fakeFetch(files: ReadonlyMap<string, Uint8Array>, options: ServeOptions = {}) {
  const requested: string[] = [];
  const signals: AbortSignal[] = [];
  const fetchFn: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    requested.push(url);
    if (init?.signal) {
      signals.push(init.signal);
    }
    const body = files.get(url);
    if (body === undefined) {
      return Promise.resolve(
        new Response('no such file', { status: 404, statusText: 'Not Found' }),
      );
    }
    const headers = new Headers();
    if (options.withLength ?? true) {
      headers.set('content-length', String(body.length));
    }
    if (options.encoding !== undefined) {
      headers.set('content-encoding', options.encoding);
    }
    return Promise.resolve(new Response(chunked(body), { headers }));
  };
  return { fetchFn, requested, signals };
}

function tinyServer(): Map<string, Uint8Array> {
  const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
  return new Map([
    [`${BASE}/config.json`, encode(JSON.stringify(TINY_CONFIG_JSON))],
    [`${BASE}/vocab.txt`, encode(TINY_VOCAB_TEXT)],
    [`${BASE}/model.safetensors`, tinySafetensors()],
  ]);
}

describe('loading a checkpoint from a URL', () => {
  it('fetches the three files and assembles the checkpoint', async () => {
    const { fetchFn, requested } = fakeFetch(tinyServer());
    const checkpoint = await loadCheckpointFromUrl(`${BASE}/`, { fetch: fetchFn });
    expect(requested.sort()).toEqual([
      `${BASE}/config.json`,
      `${BASE}/model.safetensors`,
      `${BASE}/vocab.txt`,
    ]);
    expect(checkpoint.source).toBe(BASE);
    expect(checkpoint.config.hiddenSize).toBe(4);
    expect(checkpoint.weights.get('bert.embeddings.word_embeddings.weight')?.shape).toEqual([8, 4]);
  });

  it('reports progress chunk by chunk against Content-Length, ending at 100%', async () => {
    const server = tinyServer();
    const size = server.get(`${BASE}/model.safetensors`)?.length ?? 0;
    const calls: [number, number][] = [];
    const { fetchFn } = fakeFetch(server);
    await loadCheckpointFromUrl(BASE, {
      fetch: fetchFn,
      onProgress: (loaded, total) => calls.push([loaded, total]),
    });
    expect(calls.length).toBe(Math.ceil(size / CHUNK_BYTES) + 1);
    expect(calls[0]).toEqual([CHUNK_BYTES, size]);
    expect(calls.at(-1)).toEqual([size, size]);
    const loaded = calls.map(([bytes]) => bytes);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
  });

  it.each([
    ['no Content-Length', { withLength: false }],
    ['a compressed body', { encoding: 'gzip' }],
  ])('reports a total of 0 until the end when the server sends %s', async (_name, options) => {
    const calls: [number, number][] = [];
    const { fetchFn } = fakeFetch(tinyServer(), options);
    await loadCheckpointFromUrl(BASE, {
      fetch: fetchFn,
      onProgress: (loaded, total) => calls.push([loaded, total]),
    });
    expect(calls.slice(0, -1).every(([, total]) => total === 0)).toBe(true);
    const [loaded, total] = calls.at(-1) ?? [0, 0];
    expect(total).toBe(loaded);
    expect(loaded).toBeGreaterThan(0);
  });

  it('names the URL of a missing file and its HTTP status', async () => {
    const server = tinyServer();
    server.delete(`${BASE}/vocab.txt`);
    const { fetchFn } = fakeFetch(server);
    const loading = loadCheckpointFromUrl(BASE, { fetch: fetchFn });
    await expect(loading).rejects.toThrow(CheckpointError);
    await expect(loadCheckpointFromUrl(BASE, { fetch: fetchFn })).rejects.toThrow(
      'failed to fetch /models/tiny/vocab.txt: HTTP 404 Not Found',
    );
  });

  it('aborts the other downloads when one file fails', async () => {
    const server = tinyServer();
    server.delete(`${BASE}/config.json`);
    const { fetchFn, signals } = fakeFetch(server);
    await expect(loadCheckpointFromUrl(BASE, { fetch: fetchFn })).rejects.toThrow(CheckpointError);
    expect(signals).toHaveLength(3);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('names the URL when the network fails', async () => {
    const failing: typeof fetch = () => Promise.reject(new TypeError('network down'));
    await expect(loadCheckpointFromUrl(BASE, { fetch: failing })).rejects.toThrow(
      /failed to fetch \/models\/tiny\/(config\.json|vocab\.txt|model\.safetensors): network down/,
    );
  });

  it('names the URL of the weights in validation errors', async () => {
    const server = tinyServer();
    server.set(`${BASE}/model.safetensors`, new Uint8Array(3));
    const { fetchFn } = fakeFetch(server);
    await expect(loadCheckpointFromUrl(BASE, { fetch: fetchFn })).rejects.toThrow(
      '/models/tiny/model.safetensors: the file is 3 bytes',
    );
  });
});
