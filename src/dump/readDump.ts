/**
 * Reads a dump file of any supported format into named arrays: .npy, .npz, safetensors or
 * JSON, recognised by their first bytes (the extension only words the error). PyTorch's
 * pickled .pt files are refused with the line that saves the same tensor readably.
 */
import type { DumpFile } from './arrays';
import { DumpError } from './dumpError';
import { looksLikeJson, parseJsonDump } from './jsonArrays';
import { isNpy, parseNpy } from './npy';
import { isZip, parseNpz } from './npz';
import { looksLikeSafetensors, parseSafetensorsArrays } from './safetensorsArrays';

/** The formats and how to write them, for messages. */
export const SUPPORTED_FORMATS =
  '.npy (np.save), .npz (np.savez), .safetensors (safetensors.torch.save_file) or .json (nested lists)';

/** Parses one file's bytes. Throws DumpError naming the file and what was expected. */
export function readDump(bytes: Uint8Array, fileName: string): DumpFile {
  if (bytes.length === 0) throw new DumpError(`${fileName}: the file is empty.`);
  if (isNpy(bytes)) {
    const name = fileName.replace(/^.*[\\/]/, '').replace(/\.npy$/i, '') || 'array';
    return { fileName, arrays: [parseNpy(bytes, fileName, name)] };
  }
  if (isZip(bytes)) {
    // torch.save writes a zip too, holding data.pkl rather than .npy members.
    if (/\.(pt|pth|bin|ckpt)$/i.test(fileName)) throw pickleError(fileName);
    return { fileName, arrays: parseNpz(bytes, fileName) };
  }
  if (looksLikeSafetensors(bytes))
    return { fileName, arrays: parseSafetensorsArrays(bytes, fileName) };
  if (looksLikeJson(bytes)) return { fileName, ...parseJsonDump(bytes, fileName) };
  if (bytes[0] === 0x80) throw pickleError(fileName);
  throw new DumpError(
    `${fileName}: not a format maskscope reads; save the weights as ${SUPPORTED_FORMATS}.`,
  );
}

function pickleError(fileName: string): DumpError {
  return new DumpError(
    `${fileName}: a pickled PyTorch file, which maskscope does not unpickle (it can run code). ` +
      `Save the tensor with np.save('attn.npy', attn.detach().float().cpu().numpy()) or safetensors instead.`,
  );
}
