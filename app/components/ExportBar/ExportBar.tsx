import { useState } from 'react';
import {
  exportDetailPng,
  exportDetailSvg,
  exportGridPng,
  exportLeakCsv,
  exportRunJson,
} from '../../export/exporters';
import type { AppState } from '../../store/appState';
import { selectAnalysis } from '../../store/resultSelectors';
import { useAppServices, useAppState } from '../../store/useAppState';
import { CopyLinkButton } from './CopyLinkButton';
import './ExportBar.css';

/** One export: its button text, what it saves, and the function that saves it. */
interface ExportItem {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly save: (state: AppState) => string | Promise<string>;
}

const ITEMS: readonly ExportItem[] = [
  {
    id: 'detail-png',
    label: 'Head PNG',
    description:
      'the selected head’s heatmap with its token labels, title and colour legend, as a PNG image',
    save: exportDetailPng,
  },
  {
    id: 'detail-svg',
    label: 'Head SVG',
    description: 'the selected head’s heatmap as an SVG drawing, labels as text',
    save: exportDetailSvg,
  },
  {
    id: 'grid-png',
    label: 'Grid PNG',
    description: 'every head of the grids as a PNG image',
    save: exportGridPng,
  },
  {
    id: 'run-json',
    label: 'Run JSON',
    description:
      'input, modes, attention [layer, batch, head, query, key], mask, measurements and verdicts as JSON; opens again under Your tensors',
    save: exportRunJson,
  },
  {
    id: 'leak-csv',
    label: 'Leak table CSV',
    description: 'leak and row-sum range of every head under A and B, one row per head',
    save: exportLeakCsv,
  },
];

type Feedback = { readonly kind: 'saved' | 'error'; readonly text: string } | null;

/** The Export toolbar above the results: files for a bug report, and the permalink. */
export function ExportBar() {
  const { store } = useAppServices();
  const hasResults = useAppState((s) => selectAnalysis(s) !== null);
  const isModel = useAppState((s) => s.source === 'model');
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (item: ExportItem): Promise<void> => {
    setBusy(item.id);
    try {
      const name = await item.save(store.getState());
      setFeedback({ kind: 'saved', text: `Saved ${name}` });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      setFeedback({ kind: 'error', text: `Could not export ${item.label}: ${reason}` });
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="ms-export" aria-label="Export" data-testid="export-bar">
      <h2 className="ms-export__title">Export</h2>
      <div className="ms-export__buttons" role="group" aria-label="Download files">
        {ITEMS.map((item) => (
          <button
            key={item.id}
            type="button"
            className="ms-export__button"
            data-testid={`export-${item.id}`}
            disabled={!hasResults || busy !== null}
            title={`Download ${item.description}`}
            aria-label={`Download ${item.label}: ${item.description}`}
            onClick={() => void run(item)}
          >
            {item.label}
          </button>
        ))}
        {isModel && <CopyLinkButton />}
      </div>
      {feedback !== null && (
        <p
          className={`ms-export__feedback ms-export__feedback--${feedback.kind}`}
          data-testid="export-feedback"
          role={feedback.kind === 'error' ? 'alert' : 'status'}
        >
          {feedback.text}
        </p>
      )}
    </section>
  );
}
