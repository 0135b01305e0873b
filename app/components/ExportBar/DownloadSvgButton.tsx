import { useState } from 'react';
import { downloadSvg } from '../../export/svgElement';
import './ExportBar.css';

/** Props: which <svg> on the page to save (by data-testid) and under which name. */
export interface DownloadSvgButtonProps {
  /** data-testid of the <svg> element, e.g. "sweep-chart". */
  readonly svgTestId: string;
  readonly fileName: string;
  /** Button text; "Download SVG" by default. */
  readonly label?: string;
}

/**
 * Saves a chart drawn as <svg> on the page as a standalone SVG file, its CSS looks inlined.
 * Put it beside the chart: `<DownloadSvgButton svgTestId="sweep-chart" fileName="maskscope-sweep.svg" />`.
 */
export function DownloadSvgButton({
  svgTestId,
  fileName,
  label = 'Download SVG',
}: DownloadSvgButtonProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const save = (): void => {
    const svg = document.querySelector(`svg[data-testid="${CSS.escape(svgTestId)}"]`);
    if (!(svg instanceof SVGSVGElement)) {
      setProblem('The chart is not on the page yet.');
      return;
    }
    setProblem(null);
    downloadSvg(svg, fileName);
  };
  return (
    <span className="ms-copy-link">
      <button
        type="button"
        className="ms-export__button"
        data-testid={`download-svg-${svgTestId}`}
        aria-label={`${label}: save the chart as ${fileName}`}
        onClick={save}
      >
        {label}
      </button>
      {problem !== null && (
        <span role="alert" className="ms-export__feedback ms-export__feedback--error">
          {problem}
        </span>
      )}
    </span>
  );
}
