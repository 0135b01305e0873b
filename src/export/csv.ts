/**
 * Comma-separated values as RFC 4180 writes them: fields joined by commas, records ended by
 * CRLF, and a field quoted (its quotes doubled) when it holds a comma, a quote, CR or LF.
 */

/** One field, quoted only when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Records of fields as one CSV text, every record (the last too) ended by CRLF. */
export function toCsv(records: readonly (readonly string[])[]): string {
  return records.map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('');
}
