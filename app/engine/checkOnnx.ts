/** The worker's side of "Your model": the dropped files read and checked on ONNX Runtime Web. */
import { checkDroppedModel, type ModelAnswer, type ModelRequest } from '../../src/onnx/modelFiles';
import { loadOrtForBrowser } from './ortBrowser';

/** Reads `files` and runs the padding test of the .onnx among them; `onProgress` per forward. */
export async function checkOnnxFiles(
  files: readonly File[],
  request: ModelRequest,
  onProgress: (done: number, total: number) => void,
): Promise<ModelAnswer> {
  const dropped = await Promise.all(
    files.map(async (file) => ({
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
  return checkDroppedModel(dropped, await loadOrtForBrowser(), request, onProgress);
}
