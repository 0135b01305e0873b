/**
 * SVG markup made into a file that opens on its own: the SVG namespace declared on the root
 * (XMLSerializer omits it for inline <svg> in some cases; a file without it renders as text),
 * an XML declaration, and optional CSS carried inside as a <style> element.
 */
import { escapeXml } from './xml';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/**
 * `markup` (one <svg> element, as serialised) as a standalone SVG document. `css` is placed in
 * a <style> first inside the root. Throws a RangeError when the markup is not an <svg> element.
 */
export function standaloneSvg(markup: string, css = ''): string {
  const body = markup.replace(/^\s*(<\?xml[^>]*\?>)?\s*/, '');
  const open = /^<svg(?=[\s>/])([^>]*)>/.exec(body);
  if (open === null) throw new RangeError('standaloneSvg needs markup that starts with <svg>.');
  let attributes = open[1] ?? '';
  const isSelfClosing = attributes.endsWith('/');
  if (isSelfClosing) attributes = attributes.slice(0, -1);
  if (!/\sxmlns\s*=/.test(attributes)) attributes += ` xmlns="${SVG_NS}"`;
  if (/\sxlink:/.test(body) && !/\sxmlns:xlink\s*=/.test(attributes)) {
    attributes += ` xmlns:xlink="${XLINK_NS}"`;
  }
  const style = css.trim() === '' ? '' : `<style>${escapeXml(css)}</style>`;
  const rest = isSelfClosing ? '</svg>' : body.slice(open[0].length);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg${attributes}>${style}${rest}\n`;
}
