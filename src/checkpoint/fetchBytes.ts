/** Fetching checkpoint files, with progress for the large one. */
import { CheckpointError } from './checkpointError';

/** Called as bytes arrive; `totalBytes` is 0 while the size is unknown. */
export type ProgressCallback = (loadedBytes: number, totalBytes: number) => void;

/** Fetches `url`, turning network failures and non-2xx statuses into a `CheckpointError`. */
export async function fetchOk(
  fetchFn: typeof fetch,
  url: string,
  signal?: AbortSignal,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFn(url, signal === undefined ? {} : { signal });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CheckpointError(`failed to fetch ${url}: ${reason}`, { cause: error });
  }
  if (!response.ok) {
    const status = `${response.status} ${response.statusText}`.trim();
    throw new CheckpointError(`failed to fetch ${url}: HTTP ${status}`);
  }
  return response;
}

/** The body size announced by the server, or 0 when unknown or compressed. */
function announcedBytes(response: Response): number {
  const encoding = response.headers.get('content-encoding');
  if (encoding !== null && encoding !== 'identity') {
    // Content-Length then counts compressed bytes, but the stream yields decompressed ones.
    return 0;
  }
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  return Number.isSafeInteger(length) && length > 0 ? length : 0;
}

function concatenate(chunks: readonly Uint8Array[], totalBytes: number): Uint8Array {
  const bytes = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/**
 * Reads a response body to the end, calling `onProgress` after each chunk and once at the end
 * with loadedBytes === totalBytes. `url` names the file in errors.
 */
export async function readBytes(
  response: Response,
  url: string,
  onProgress?: ProgressCallback,
): Promise<Uint8Array> {
  const total = announcedBytes(response);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    if (response.body === null) {
      chunks.push(new Uint8Array(await response.arrayBuffer()));
      loaded = chunks[0]?.length ?? 0;
    } else {
      const reader = response.body.getReader();
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        chunks.push(part.value);
        loaded += part.value.length;
        onProgress?.(loaded, total === 0 ? 0 : Math.max(total, loaded));
      }
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CheckpointError(`failed to read ${url}: ${reason}`, { cause: error });
  }
  onProgress?.(loaded, loaded);
  return concatenate(chunks, loaded);
}
