/** Text and attribute values made safe for XML 1.0 (and so for SVG files). */

/** C0 controls other than tab, LF and CR; U+FFFE and U+FFFF; lone surrogates. */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- the controls XML forbids are what this matches
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Escapes the five XML special characters and replaces the characters XML 1.0 forbids with
 * U+FFFD, so any token label can go into an SVG file.
 */
export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN, '\ufffd')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}
