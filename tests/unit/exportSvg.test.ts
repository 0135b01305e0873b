import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparisonWord, fileWord, headFileName, runFileName } from '../../src/export/fileNames';
import { heatmapSvg, type HeatmapFigure } from '../../src/export/heatmapSvg';
import { standaloneSvg } from '../../src/export/svgDocument';
import { escapeXml } from '../../src/export/xml';
import { createColorScale } from '../../src/viz/colorScale';

/** Tags of an XML text, checked to nest; text between tags must hold no bare '<' or '&'. */
function checkWellFormed(xml: string): string[] {
  const names: string[] = [];
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let match = tag.exec(body); match !== null; match = tag.exec(body)) {
    const text = body.slice(last, match.index);
    expect(text).not.toMatch(/<|&(?!(amp|lt|gt|quot|apos);)/);
    last = match.index + match[0].length;
    const [, closing, name = ''] = match;
    if (closing === '/') expect(stack.pop()).toBe(name);
    else if (match[4] !== '/') stack.push(name);
    names.push(name);
  }
  expect(body.slice(last)).not.toMatch(/</);
  expect(stack).toEqual([]);
  return names;
}

/** The text with every UTF-16 unit XML 1.0 forbids replaced by U+FFFD, unit by unit. */
function xmlAllowed(text: string): string {
  const units = [...text].map((char) => {
    const code = char.codePointAt(0) ?? 0;
    const isForbidden =
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      code === 0xfffe ||
      code === 0xffff ||
      (code >= 0xd800 && code <= 0xdfff);
    return isForbidden ? '\ufffd' : char;
  });
  return units.join('');
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '',
  );
}

const SEQUENTIAL = createColorScale({ palette: 'sequential', kind: 'linear' });

function figure(overrides: Partial<HeatmapFigure> = {}): HeatmapFigure {
  const seqLen = 4;
  // Rows = queries; the last key is padding and gets exactly 0, one value is NaN.
  const matrix = Float32Array.from([
    0.5,
    0.25,
    0.25,
    0,
    0.2,
    0.2,
    0.6,
    0,
    1 / 3,
    1 / 3,
    1 / 3,
    0,
    0.25,
    0.25,
    NaN,
    0.25,
  ]);
  return {
    title: 'maskscope-brown · layer 2 · head 1',
    subtitle: 'A = Correct key mask · 1 pad (right)',
    matrix,
    queries: [0, 1, 2, 3],
    seqLen,
    labels: ['[CLS]', 'a<b & "c"', '[SEP]', '[PAD]'],
    padding: Uint8Array.from([0, 0, 0, 1]),
    orientation: 'rowsAreQueries',
    scale: SEQUENTIAL,
    legendTitle: 'weight under A',
    ...overrides,
  };
}

function textsOf(svg: string, className: string): string[] {
  const pattern = new RegExp(`<text class="${className}"[^>]*>([^<]*)</text>`, 'g');
  return [...svg.matchAll(pattern)].map((m) => unescapeXml(m[1] ?? ''));
}

/** Total area of the cell rects, which must tile the plot exactly once. */
function cellArea(svg: string): number {
  const cells = /<g class="cells"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
  return [...cells.matchAll(/width="([\d.]+)" height="([\d.]+)"/g)].reduce(
    (sum, m) => sum + Number(m[1]) * Number(m[2]),
    0,
  );
}

describe('heatmap SVG figure', () => {
  it('is well-formed XML with the title and every token label as text on both axes', () => {
    const { svg, widthPx, heightPx } = heatmapSvg(figure());
    expect(checkWellFormed(svg)[0]).toBe('svg');
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(textsOf(svg, 'title')).toEqual(['maskscope-brown · layer 2 · head 1']);
    expect(textsOf(svg, 'subtitle')).toEqual(['A = Correct key mask · 1 pad (right)']);
    expect(textsOf(svg, 'row-label')).toEqual(['[CLS]', 'a<b & "c"', '[SEP]', '[PAD]']);
    expect(textsOf(svg, 'column-label')).toEqual(['[CLS]', 'a<b & "c"', '[SEP]', '[PAD]']);
    expect(widthPx).toBeGreaterThan(100);
    expect(svg).toContain(`width="${widthPx}" height="${heightPx}"`);
  });

  it('tiles the plot with cells once, paints exact zero grey and NaN magenta, and has a legend', () => {
    const { svg } = heatmapSvg(figure());
    const cellPx = 18;
    expect(cellArea(svg)).toBe(16 * cellPx * cellPx);
    const cells = /<g class="cells"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
    expect(cells).toContain('fill="#cfcfcf"'); // the zero grey of the sequential palette
    expect(cells).toContain('fill="#ff00ff"');
    expect(svg).toMatch(/<g class="legend">.*weight under A.*exactly 0.*NaN/s);
  });

  it('lays keys along the rows and only the drawn queries along the columns when transposed', () => {
    const full = figure();
    const { svg } = heatmapSvg(
      figure({ orientation: 'rowsAreKeys', queries: [0, 2], matrix: full.matrix.slice(0, 8) }),
    );
    expect(textsOf(svg, 'row-label')).toHaveLength(4);
    expect(textsOf(svg, 'column-label')).toEqual(['[CLS]', '[SEP]']);
    expect(cellArea(svg)).toBe(8 * 18 * 18);
  });

  it('stays well-formed with any label text, and says when the sizes disagree', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary' }), { minLength: 4, maxLength: 4 }),
        (labels) => {
          checkWellFormed(heatmapSvg(figure({ labels })).svg);
        },
      ),
      { numRuns: 40 },
    );
    expect(() => heatmapSvg(figure({ labels: ['a'] }))).toThrow(/4×4 values and 4 labels/);
  });
});

describe('XML escaping', () => {
  it('round-trips any text except the characters XML forbids, which become U+FFFD', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeXml(text);
        expect(escaped).not.toMatch(/[<>"']|&(?!(amp|lt|gt|quot|apos);)/);
        const allowed = xmlAllowed(text);
        expect(unescapeXml(escaped)).toBe(allowed);
      }),
      { numRuns: 500 },
    );
  });
});

describe('standalone SVG files', () => {
  it('declares the SVG namespace once, an XML prolog and the carried CSS', () => {
    const out = standaloneSvg(
      '<svg width="10"><g class="a"><rect/></g></svg>',
      '.a > rect { fill: red }',
    );
    expect(
      out.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg width="10" xmlns="http://www.w3.org/2000/svg">',
      ),
    ).toBe(true);
    expect(out).toContain('<style>.a &gt; rect { fill: red }</style><g class="a">');
    checkWellFormed(out);
    const again = standaloneSvg(out);
    expect(again.match(/xmlns="/g)).toHaveLength(1);
    expect(again.match(/<\?xml/g)).toHaveLength(1);
  });

  it('declares xlink when the chart uses it, and refuses markup that is no <svg>', () => {
    expect(standaloneSvg('<svg><use xlink:href="#a"/></svg>')).toContain(
      'xmlns:xlink="http://www.w3.org/1999/xlink"',
    );
    expect(standaloneSvg('<svg/>')).toContain('<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    expect(() => standaloneSvg('<div>no</div>')).toThrow(/starts with <svg>/);
  });
});

describe('export file names', () => {
  it('say the head and the modes compared, in letters and digits only', () => {
    expect(headFileName(2, 1, comparisonWord('key-additive', 'no-mask'), 'png')).toBe(
      'maskscope-L2-H1-keyAdditive-vs-noMask.png',
    );
    expect(runFileName('leak', comparisonWord('attn weights.npz', null), 'csv')).toBe(
      'maskscope-leak-attnWeights.csv',
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(fileWord(text)).toMatch(/^[A-Za-z0-9]{1,40}$/);
      }),
    );
  });

  it('leaves room right of the legend for its whole title, at 6 px a character or more', () => {
    const legendTitle = 'weight under A, log scale';
    const { svg, widthPx } = heatmapSvg(figure({ legendTitle }));
    const titleX = Number(/<g class="legend"><text x="([\d.]+)"/.exec(svg)?.[1]);
    expect(widthPx - titleX).toBeGreaterThanOrEqual(legendTitle.length * 6);
  });
});
