/** Errors of the dump readers and checks: each names the file, the array and what was expected. */
export class DumpError extends Error {
  override readonly name = 'DumpError';
}

/** "file.npz: array 'attentions'" for messages. */
export function where(file: string, array?: string): string {
  return array === undefined ? file : `${file}: array '${array}'`;
}
