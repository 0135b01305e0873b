/**
 * The exports the Export bar offers, each a function of the store's state at the click: they
 * build the file with the framework-free builders of src/export and hand it to the browser.
 */
import { headFileName, runFileName } from '../../src/export/fileNames';
import { heatmapSvg, type SvgFigure } from '../../src/export/heatmapSvg';
import { leakTableCsv } from '../../src/export/leakCsv';
import { runJson } from '../../src/export/runJson';
import type { AppState } from '../store/appState';
import { selectDetail, selectGridPane } from '../store/heatmapSelectors';
import { selectPaddingFlags, selectRunTitles, selectSelectedHead } from '../store/resultSelectors';
import type { GridPane } from '../store/viewSlice';
import { downloadBlob, downloadText, svgToPng } from './download';
import { analysisToExport, comparisonOf, modelNameOf, paddingText, runExportOf } from './exportRun';
import { gridPng, type GridPanePicture } from './gridPng';

/** What the detail view shows, as a figure with its labels, title and legend. */
function detailFigure(state: AppState): SvgFigure {
  const analysis = analysisToExport(state);
  const detail = selectDetail(state);
  const padding = selectPaddingFlags(state);
  if (detail === null || padding === null) throw new Error('there is no head to export yet.');
  const { layer, head } = selectSelectedHead(state);
  const titles = selectRunTitles(state);
  const shown =
    detail.view === 'diff'
      ? `A − B (A = ${titles.a}, B = ${titles.b})`
      : detail.view === 'B'
        ? `B = ${titles.b}`
        : `A = ${titles.a}`;
  const source = state.source === 'model' ? modelNameOf(state) : titles.a;
  return heatmapSvg({
    title: `${source} · layer ${layer} · head ${head}`,
    subtitle: `${shown} · ${paddingText(state, analysis)}`,
    matrix: detail.drawn,
    queries: detail.queries,
    seqLen: detail.seqLen,
    labels: analysis.labels,
    padding,
    queryLabels: detail.queryLabels,
    queryPadding: detail.queryPadding,
    orientation: state.orientation,
    scale: detail.scale,
    legendTitle: `${detail.view === 'diff' ? 'A − B' : `weight under ${detail.view}`}, ${state.scale} scale`,
  });
}

function headName(state: AppState, extension: string): string {
  const { layer, head } = selectSelectedHead(state);
  return headFileName(layer, head, comparisonOf(state), extension);
}

/** The selected head's heatmap as SVG, labels as text. Returns the file name. */
export function exportDetailSvg(state: AppState): string {
  const name = headName(state, 'svg');
  downloadText(detailFigure(state).svg, 'image/svg+xml', name);
  return name;
}

/** The same figure as PNG at twice its CSS size. */
export async function exportDetailPng(state: AppState): Promise<string> {
  const name = headName(state, 'png');
  const { svg, widthPx, heightPx } = detailFigure(state);
  downloadBlob(await svgToPng(svg, widthPx, heightPx), name);
  return name;
}

/** Both grid panes (one without a B) as PNG. */
export async function exportGridPng(state: AppState): Promise<string> {
  const analysis = analysisToExport(state);
  const titles = selectRunTitles(state);
  const panes: GridPane[] = analysis.b === null ? ['left'] : ['left', 'right'];
  const pictures = panes.flatMap((pane): GridPanePicture[] => {
    const drawn = selectGridPane(state, pane);
    if (drawn === null) return [];
    const title =
      drawn.view === 'diff' ? 'A − B' : drawn.view === 'B' ? `B: ${titles.b}` : `A: ${titles.a}`;
    return [{ title, drawn }];
  });
  const source = state.source === 'model' ? modelNameOf(state) : titles.a;
  const name = runFileName('grid', comparisonOf(state), 'png');
  const title = `maskscope · ${source} · ${paddingText(state, analysis)}`;
  downloadBlob(await gridPng(pictures, title, state.orientation), name);
  return name;
}

/** The run as JSON that "Your tensors" reads back. */
export function exportRunJson(state: AppState): string {
  const name = runFileName('run', comparisonOf(state), 'json');
  downloadText(runJson(runExportOf(state, window.location.href)), 'application/json', name);
  return name;
}

/** The per-head leak table as CSV. */
export function exportLeakCsv(state: AppState): string {
  const analysis = analysisToExport(state);
  const titles = selectRunTitles(state);
  const csv = leakTableCsv(
    { title: titles.a, heads: analysis.a.heads },
    analysis.b === null ? null : { title: titles.b, heads: analysis.b.heads },
  );
  const name = runFileName('leak', comparisonOf(state), 'csv');
  downloadText(csv, 'text/csv', name);
  return name;
}
