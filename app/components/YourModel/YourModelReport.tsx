/**
 * "Your model", the results card: the padding test's verdict, the drift of each output under
 * each padding, what could not be tapped, and which padded run's taps the grids below show.
 */
import { formatSignificant } from '../../../src/diagnostics/format';
import type { ModelAnswer } from '../../../src/onnx/modelFiles';
import type { TapAttention } from '../../../src/onnx/tapFamilies';
import type { RunView } from '../../../src/onnx/tapViews';
import { useAppState } from '../../store/useAppState';

const VERDICT_WORDS: Record<ModelAnswer['verdict'], string> = {
  invariant: 'Invariant: padding changes no output',
  drifts: 'Drifts: padding changes the outputs',
  'cannot-test': 'Cannot tell: nothing could be tested',
};

const driftText = (drift: number | null): string =>
  drift === null ? 'not compared' : Number.isNaN(drift) ? 'NaN' : formatSignificant(drift);

function Verdict({ answer }: { readonly answer: ModelAnswer }) {
  const { firstDrift, firstLeakingTap, firstNaN } = answer;
  return (
    <div data-testid="onnx-verdict" data-verdict={answer.verdict}>
      <h2>{VERDICT_WORDS[answer.verdict]}</h2>
      {answer.note !== null && <p>{answer.note}</p>}
      <p>
        Mask input: {answer.maskInput ?? 'none (the export has no mask input)'} ·{' '}
        {answer.softmaxTaps} Softmax output{answer.softmaxTaps === 1 ? '' : 's'} tapped · largest
        relative drift {driftText(answer.maxRelativeDrift)}
      </p>
      {firstDrift !== null && (
        <p>
          First drift: {firstDrift.output} with {firstDrift.pads} pads {firstDrift.side} (
          {driftText(firstDrift.relativeDrift)}).
        </p>
      )}
      {firstLeakingTap !== null && (
        <p>
          First tap putting weight on padding: {firstLeakingTap.tap} with {firstLeakingTap.pads}{' '}
          pads {firstLeakingTap.side} ({formatSignificant(firstLeakingTap.leak)}).
        </p>
      )}
      {firstNaN !== null && (
        <p>
          NaN first appears in {firstNaN.where} with {firstNaN.pads} pads {firstNaN.side}.
        </p>
      )}
      <TapFamily label="Attention taps" found={answer.attention} testId="onnx-attention-family" />
      <TapFamily label="Pooling weights" found={answer.pooling} testId="onnx-pooling-family" />
      {answer.untappable.map((part) => (
        <p key={`${part.kind}-${part.where}`}>
          Not tapped: {part.where}: {part.reason}
        </p>
      ))}
    </div>
  );
}

/** The taps of the padded run read as `maskscope check` reads a dump: layout, family, headline. */
function TapFamily({
  label,
  found,
  testId,
}: {
  readonly label: string;
  readonly found: TapAttention | null;
  readonly testId: string;
}) {
  if (found === null) return null;
  return (
    <p data-testid={testId} data-family={found.family}>
      {label} read as {found.layout}: {found.headline}
    </p>
  );
}

/** Drift per output (rows) and padding (columns); a column's button shows its taps below. */
function DriftTable({ answer }: { readonly answer: ModelAnswer }) {
  const shown = useAppState((s) => s.onnxRun);
  const setRun = useAppState((s) => s.setOnnxRun);
  const outputs = [...new Set(answer.drifts.map((d) => d.output))];
  return (
    <table data-testid="onnx-drift">
      <caption>Relative drift of each output against the unpadded run</caption>
      <thead>
        <tr>
          <th scope="col">output</th>
          {answer.runs.map((run, index) => (
            <th scope="col" key={`${run.side}-${run.pads}`}>
              <button
                type="button"
                aria-pressed={index === shown}
                data-testid={`onnx-run-${index}`}
                onClick={() => setRun(index)}
              >
                {run.pads} pads {run.side}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {outputs.map((output) => (
          <tr key={output}>
            <th scope="row">{output}</th>
            {answer.runs.map((run) => (
              <td key={`${run.side}-${run.pads}`} data-testid="onnx-drift-cell">
                {driftText(run.drifts.get(output) ?? null)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The shown run's taps outside the grid: a [B, T] softmax over time is a pooling, shown as its
 * weights' share on padding; T×T taps with another head count, or Tq ≠ Tk, are named.
 */
function OtherTaps({ run }: { readonly run: RunView }) {
  const others = run.taps.filter((tap) => tap.layer === null);
  if (others.length === 0) return null;
  return (
    <ul data-testid="onnx-other-taps">
      {others.map((tap) => (
        <li key={tap.output}>
          {tap.kind === 'pooling'
            ? `Pooling weights ${tap.output}: ${formatSignificant(tap.measure.leak)} of the weight on padding`
            : `${tap.output}: ${tap.heads} head${tap.heads === 1 ? '' : 's'} of ${tap.queries} × ${tap.keys}, not in the grid (it draws the first tap's T × T shape)`}
          {tap.measure.isLeaking ? ' — leaks' : ''}
        </li>
      ))}
    </ul>
  );
}

/** The results card of "Your model". */
export function YourModelReport() {
  const answer = useAppState((s) => s.onnx.result?.answer ?? null);
  const shown = useAppState((s) => s.onnxRun);
  if (answer === null) {
    return <p data-testid="onnx-verdict">Drop an ONNX export above to test it.</p>;
  }
  const run = answer.runs[shown] ?? answer.runs[0];
  return (
    <>
      <Verdict answer={answer} />
      <DriftTable answer={answer} />
      {run !== undefined && <OtherTaps run={run} />}
      {run !== undefined && run.analysis === null && (
        <p>No tapped Softmax is a T × T attention matrix: there are no heads to draw.</p>
      )}
    </>
  );
}
