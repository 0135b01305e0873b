/**
 * NumPy .npz files: a zip archive of .npy files (`np.savez`, stored, or `np.savez_compressed`,
 * deflated). A hostile archive may lie about sizes, so nothing is trusted before it is checked:
 * the directory's sizes are summed before anything is inflated (a zip bomb is refused unread),
 * each member's .npy header is read from its first inflated bytes and must agree with the size
 * the directory declares (a too-large shape is refused before its data is inflated), and an
 * array's data is inflated only when it is used, checked against its size and CRC-32.
 */
import { MAX_ELEMENTS, type NamedArray } from './arrays';
import { kindOf, sizeOf } from './decode';
import { DumpError, where } from './dumpError';
import { npyHeaderEnd, parseNpy, readNpyLayout } from './npy';
import { inflateMember, inflatePrefix, listZipMembers, type ZipMember } from './zip';

/** Largest total of inflated bytes: every array at the element limit in float64 would not fit. */
const MAX_INFLATED_BYTES = MAX_ELEMENTS * 4;
const MAX_ENTRIES = 4096;

/** True when the bytes start like a zip archive ("PK\x03\x04"). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Every .npy member of an .npz; array names are the member names without ".npy". Names, shapes
 * and dtypes are read now; an array's `data` is inflated (and checked) on first use.
 */
export function parseNpz(bytes: Uint8Array, fileName: string): NamedArray[] {
  const members = listZipMembers(bytes, fileName, MAX_ENTRIES).filter((member) =>
    member.name.endsWith('.npy'),
  );
  let total = 0;
  for (const member of members) {
    total += member.size;
    if (total > MAX_INFLATED_BYTES) {
      throw new DumpError(
        `${fileName}: the archive inflates to more than ${MAX_INFLATED_BYTES} bytes (at '${member.name}'); refused.`,
      );
    }
  }
  if (members.length === 0) {
    throw new DumpError(
      `${fileName}: the archive holds no .npy arrays (a torch.save file? save the tensor with np.save or np.savez).`,
    );
  }
  return members.map((member) => lazyArray(bytes, member, fileName));
}

/** The member's array with its header read now and its data inflated on first use. */
function lazyArray(bytes: Uint8Array, member: ZipMember, fileName: string): NamedArray {
  const name = member.name.slice(0, -'.npy'.length);
  const start = inflatePrefix(bytes, member, 12, fileName);
  const head = inflatePrefix(bytes, member, npyHeaderEnd(start), fileName);
  const layout = readNpyLayout(head, fileName, name);
  const declared = layout.dataStart + layout.count * sizeOf(layout.type);
  if (declared !== member.size) {
    throw new DumpError(
      `${where(fileName, name)}: its header needs ${declared} bytes, the archive declares ${member.size} (corrupt).`,
    );
  }
  let data: Float32Array | null = null;
  return {
    name,
    shape: [...layout.header.shape],
    dtype: layout.header.descr,
    kind: kindOf(layout.type),
    get data(): Float32Array {
      data ??= parseNpy(inflateMember(bytes, member, fileName), fileName, name).data;
      return data;
    },
  };
}
