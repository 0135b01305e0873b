// Browser side of bench/gridBench.mjs: draws L × H synthetic heads of T × T cells with
// paintCells (one canvas per head, as HeadGrid does), and the same heads as one SVG <rect> per
// cell (the way DOM-based attention viewers draw matrices), and reports timings.
import { headViews } from '../src/viz/headViews';
import { createColorScale, type ColorScale } from '../src/viz/colorScale';
import { cssColor, paletteRgba } from '../src/viz/colormaps';
import { paintCells, type PixelImage } from '../src/viz/paintCells';
import { syntheticAttention } from './gridSynthetic';

/** What to measure. */
export interface GridBenchOptions {
  readonly layers: number;
  readonly heads: number;
  readonly seqLen: number;
  readonly canvasRuns: number;
  /** How many heads the SVG variant draws (it is far too slow for all of them). */
  readonly svgHeads: number;
  readonly svgRuns: number;
  readonly headPx: number;
}

/** Per-run timings in milliseconds. */
export interface GridBenchResult {
  /** paintCells for every head: JS time, and JS + that frame's style/layout/paint. */
  readonly canvasLinearJsMs: number[];
  readonly canvasLinearFrameMs: number[];
  readonly canvasLogJsMs: number[];
  readonly canvasLogFrameMs: number[];
  /** putImageData of ready images for every head: the floor under paintCells. */
  readonly putImageDataOnlyJsMs: number[];
  /** Creating svgHeads × T² rects + forced layout, and the same plus the frame's paint. */
  readonly svgCreateMs: number[];
  readonly svgCreateFrameMs: number[];
  /** Updating the fill of every existing rect (a data change), + forced layout and the frame. */
  readonly svgUpdateFrameMs: number[];
  readonly userAgent: string;
}

interface Timing {
  readonly jsMs: number;
  readonly frameMs: number;
}

/** Runs `work` at the start of a frame; frameMs runs until the task after that frame rendered. */
function timeFrame(work: () => void): Promise<Timing> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const start = performance.now();
      work();
      const jsMs = performance.now() - start;
      setTimeout(() => resolve({ jsMs, frameMs: performance.now() - start }), 0);
    });
  });
}

function makeStage(options: GridBenchOptions, count: number): HTMLDivElement {
  const stage = document.createElement('div');
  stage.style.display = 'grid';
  stage.style.gridTemplateColumns = `repeat(${options.heads}, ${options.headPx}px)`;
  stage.style.gap = '6px';
  document.getElementById('stage')?.replaceChildren(stage);
  stage.dataset.count = String(count);
  return stage;
}

/** What one canvas run does: paintCells on a linear or a log scale, or only putImageData. */
type CanvasVariant = 'linear' | 'log' | 'putOnly';

function makeCanvases(options: GridBenchOptions, count: number): CanvasRenderingContext2D[] {
  const stage = makeStage(options, count);
  return Array.from({ length: count }, () => {
    const canvas = document.createElement('canvas');
    canvas.width = options.seqLen;
    canvas.height = options.seqLen;
    canvas.style.width = `${options.headPx}px`;
    canvas.style.height = `${options.headPx}px`;
    stage.append(canvas);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    return ctx;
  });
}

async function canvasBench(
  options: GridBenchOptions,
  datasets: readonly Float32Array[][],
  variant: CanvasVariant,
): Promise<Timing[]> {
  const { seqLen } = options;
  const contexts = makeCanvases(options, datasets[0]?.length ?? 0);
  const scale = createColorScale({
    palette: 'sequential',
    kind: variant === 'log' ? 'log' : 'linear',
  });
  const images: (PixelImage | null)[] = contexts.map(() => null);
  const blank = contexts.map((ctx) => ctx.createImageData(seqLen, seqLen));
  const paintAll = (matrices: readonly Float32Array[]) =>
    contexts.forEach((ctx, i) => {
      const matrix = matrices[i] ?? new Float32Array(seqLen * seqLen);
      images[i] = paintCells(
        ctx,
        matrix,
        seqLen,
        { orientation: 'rowsAreQueries', image: images[i] },
        scale,
      );
    });
  paintAll(datasets[0] ?? []);
  const timings: Timing[] = [];
  const warmUp = 3;
  for (let run = 0; run < options.canvasRuns + warmUp; run += 1) {
    // Alternate two datasets so that every run really changes every head.
    const matrices = datasets[run % datasets.length] ?? [];
    const timing = await timeFrame(() => {
      if (variant !== 'putOnly') paintAll(matrices);
      else contexts.forEach((ctx, i) => blank[i] && ctx.putImageData(blank[i], 0, 0));
    });
    if (run >= warmUp) timings.push(timing);
  }
  return timings;
}

function svgHead(
  matrix: Float32Array,
  seqLen: number,
  headPx: number,
  colors: string[],
  scale: ColorScale,
): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', String(headPx));
  svg.setAttribute('height', String(headPx));
  svg.setAttribute('viewBox', `0 0 ${seqLen} ${seqLen}`);
  svg.setAttribute('shape-rendering', 'crispEdges');
  for (let query = 0; query < seqLen; query += 1) {
    for (let key = 0; key < seqLen; key += 1) {
      const rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', String(key));
      rect.setAttribute('y', String(query));
      rect.setAttribute('width', '1');
      rect.setAttribute('height', '1');
      rect.setAttribute(
        'fill',
        colors[scale.indexOf(matrix[query * seqLen + key] ?? NaN)] ?? 'magenta',
      );
      svg.append(rect);
    }
  }
  return svg;
}

async function svgBench(options: GridBenchOptions, views: readonly Float32Array[][]) {
  const scale = createColorScale({ palette: 'sequential', kind: 'linear' });
  const colors = Array.from({ length: scale.palette.size + 1 }, (_, i) =>
    cssColor(paletteRgba(scale.palette, i)),
  );
  const matrices = views.flat().slice(0, options.svgHeads);
  const create: Timing[] = [];
  const update: Timing[] = [];
  for (let run = 0; run < options.svgRuns; run += 1) {
    const stage = makeStage(options, matrices.length);
    await new Promise((resolve) => setTimeout(resolve, 50));
    create.push(
      await timeFrame(() => {
        for (const matrix of matrices)
          stage.append(svgHead(matrix, options.seqLen, options.headPx, colors, scale));
        stage.getBoundingClientRect();
        stage.lastElementChild?.lastElementChild?.getBoundingClientRect();
      }),
    );
    // A data change: recolour every existing rect (as a d3 join's update selection would).
    const shift = run + 1;
    update.push(
      await timeFrame(() => {
        const rects = stage.querySelectorAll('rect');
        rects.forEach((rect, i) =>
          rect.setAttribute('fill', colors[(i + shift) % scale.palette.size] ?? 'magenta'),
        );
        stage.lastElementChild?.lastElementChild?.getBoundingClientRect();
      }),
    );
  }
  return { create, update };
}

/** Runs both variants and returns the raw timings. */
async function runGridBench(options: GridBenchOptions): Promise<GridBenchResult> {
  const spec = {
    layers: options.layers,
    heads: options.heads,
    seqLen: options.seqLen,
    padCount: Math.floor(options.seqLen / 4),
    seed: 1,
  };
  const datasets = [false, true].map((isMasked) =>
    headViews(syntheticAttention({ ...spec, isMasked })).flat(),
  );
  const linear = await canvasBench(options, datasets, 'linear');
  const log = await canvasBench(options, datasets, 'log');
  const putOnly = await canvasBench(options, datasets, 'putOnly');
  const svg = await svgBench(options, [datasets[0] ?? []]);
  document.getElementById('stage')?.replaceChildren();
  const js = (timings: Timing[]) => timings.map((t) => t.jsMs);
  const frame = (timings: Timing[]) => timings.map((t) => t.frameMs);
  return {
    canvasLinearJsMs: js(linear),
    canvasLinearFrameMs: frame(linear),
    canvasLogJsMs: js(log),
    canvasLogFrameMs: frame(log),
    putImageDataOnlyJsMs: js(putOnly),
    svgCreateMs: js(svg.create),
    svgCreateFrameMs: frame(svg.create),
    svgUpdateFrameMs: frame(svg.update),
    userAgent: navigator.userAgent,
  };
}

declare global {
  interface Window {
    runGridBench?: (options: GridBenchOptions) => Promise<GridBenchResult>;
  }
}

window.runGridBench = runGridBench;
