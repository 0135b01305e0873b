/**
 * An <svg> on the page as a file that looks the same elsewhere: a clone with the computed
 * presentation styles written onto each element (the page's CSS classes do not travel), its
 * size fixed, serialised and made standalone.
 */
import { standaloneSvg } from '../../src/export/svgDocument';
import { downloadText } from './download';

/** The CSS properties that change how SVG draws, copied from the computed style. */
const PRESENTATION = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  const style = PRESENTATION.map((name) => `${name}:${computed.getPropertyValue(name)}`)
    .filter((entry) => !entry.endsWith(':'))
    .join(';');
  target.setAttribute('style', `${style};${target.getAttribute('style') ?? ''}`);
  const sourceChildren = source.children;
  const targetChildren = target.children;
  for (let i = 0; i < sourceChildren.length; i++) {
    const from = sourceChildren[i];
    const to = targetChildren[i];
    if (from !== undefined && to !== undefined) inlineStyles(from, to);
  }
}

/** The element as standalone SVG text with its looks inlined. */
export function serialiseSvgElement(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  const bounds = svg.getBoundingClientRect();
  if (!clone.hasAttribute('width')) clone.setAttribute('width', String(Math.round(bounds.width)));
  if (!clone.hasAttribute('height'))
    clone.setAttribute('height', String(Math.round(bounds.height)));
  return standaloneSvg(new XMLSerializer().serializeToString(clone));
}

/** Saves an <svg> on the page (a chart) as `fileName`. */
export function downloadSvg(svg: SVGSVGElement, fileName: string): void {
  downloadText(serialiseSvgElement(svg), 'image/svg+xml', fileName);
}
