/**
 * NumPy .npz files: a zip archive of .npy files (`np.savez`, stored, or `np.savez_compressed`,
 * deflated). Entry sizes are read from the archive's directory and checked before anything is
 * inflated, so a zip bomb is refused unread.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { MAX_ELEMENTS, type NamedArray } from './arrays';
import { DumpError } from './errors';
import { parseNpy } from './npy';

/** Largest total of inflated bytes: every array at the element limit in float64 would not fit. */
const MAX_INFLATED_BYTES = MAX_ELEMENTS * 4;
const MAX_ENTRIES = 4096;

/** True when the bytes start like a zip archive ("PK\x03\x04"). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Parses every .npy member of an .npz; array names are the member names without ".npy". */
export function parseNpz(bytes: Uint8Array, fileName: string): NamedArray[] {
  let total = 0;
  let entries = 0;
  const check = (info: UnzipFileInfo): boolean => {
    entries += 1;
    if (entries > MAX_ENTRIES) {
      throw new DumpError(`${fileName}: more than ${MAX_ENTRIES} entries in the archive.`);
    }
    if (!info.name.endsWith('.npy')) return false; // not an array: skipped
    total += info.originalSize;
    if (total > MAX_INFLATED_BYTES) {
      throw new DumpError(
        `${fileName}: the archive inflates to more than ${MAX_INFLATED_BYTES} bytes (at '${info.name}'); refused.`,
      );
    }
    return true;
  };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: check });
  } catch (error) {
    if (error instanceof DumpError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DumpError(`${fileName}: not a readable .npz (zip) archive: ${reason}.`);
  }
  const names = Object.keys(files);
  if (names.length === 0) {
    throw new DumpError(
      `${fileName}: the archive holds no .npy arrays (a torch.save file? save the tensor with np.save or np.savez).`,
    );
  }
  return names.map((member) =>
    parseNpy(files[member] ?? new Uint8Array(0), fileName, member.slice(0, -'.npy'.length)),
  );
}
