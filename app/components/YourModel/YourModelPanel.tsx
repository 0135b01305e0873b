/**
 * "Your model", the input card: drop an ONNX export (with its .onnx_data and a vocab.txt or
 * tokenizer.json when it takes ids), set the paddings and roles, and run the padding test.
 */
import { useState } from 'react';
import type { Side } from '../../../src/onnx/feeds';
import type { ModelRequest } from '../../../src/onnx/modelFiles';
import { INPUT_ROLES, type InputRole } from '../../../src/onnx/roles';
import { useAppServices, useAppState } from '../../store/useAppState';
import { useFileDrop } from '../FileDrop/useFileDrop';
import '../TensorsPanel/TensorsPanel.css';

const SIDES: Record<string, readonly Side[]> = {
  right: ['right'],
  left: ['left'],
  both: ['right', 'left'],
};

/** "1, 8, 32" → [1, 8, 32]; null when it is not a list of whole numbers from 1 to 4096. */
function parsePads(text: string): number[] | null {
  const pads = text
    .split(/[\s,]+/)
    .filter((p) => p !== '')
    .map(Number);
  const isValid = pads.length > 0 && pads.every((n) => Number.isInteger(n) && n >= 1 && n <= 4096);
  return isValid ? pads : null;
}

/** The roles found in the last answer, each with a menu to override it. */
function Roles({
  overrides,
  onChange,
}: {
  readonly overrides: ReadonlyMap<string, InputRole>;
  readonly onChange: (name: string, role: InputRole) => void;
}) {
  const inputs = useAppState((s) => s.onnx.result?.answer.inputs ?? null);
  if (inputs === null || inputs.length === 0) return null;
  return (
    <table className="ms-tensors__roles" data-testid="onnx-roles">
      <caption>Input roles (found from names, types and a walk from each Softmax)</caption>
      <tbody>
        {inputs.map((input) => (
          <tr key={input.name}>
            <th scope="row">{input.name}</th>
            <td>
              <select
                aria-label={`Role of ${input.name}`}
                data-testid={`onnx-role-${input.name}`}
                value={overrides.get(input.name) ?? input.role}
                onChange={(e) => onChange(input.name, e.target.value as InputRole)}
              >
                {INPUT_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </select>
            </td>
            <td>{input.reachesSoftmax ? 'reaches a Softmax' : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The progress of the running test. */
function Progress() {
  const phase = useAppState((s) => s.onnx.phase);
  const progress = useAppState((s) => s.onnxProgress);
  if (phase !== 'running') return null;
  return (
    <p className="ms-tensors__opened" data-testid="onnx-progress" role="status">
      Running the padding test… <progress max={progress?.total ?? 1} value={progress?.done ?? 0} />{' '}
      {progress === null ? 'loading ONNX Runtime' : `${progress.done} of ${progress.total} runs`}
    </p>
  );
}

/** The whole input card of "Your model". */
export function YourModelPanel() {
  const { checkOnnx } = useAppServices();
  const [files, setFiles] = useState<readonly File[]>([]);
  const [padsText, setPadsText] = useState('1, 8, 32');
  const [side, setSide] = useState('right');
  const [text, setText] = useState('');
  const [overrides, setOverrides] = useState<ReadonlyMap<string, InputRole>>(new Map());
  const pads = parsePads(padsText);
  const run = (next: readonly File[], roles = overrides) => {
    if (pads === null || !next.some((f) => f.name.toLowerCase().endsWith('.onnx'))) return;
    const request: ModelRequest = {
      pads,
      sides: SIDES[side] ?? ['right'],
      overrides: [...roles],
      text,
      padId: 0,
    };
    checkOnnx(next, request);
  };
  const drop = (next: readonly File[]) => {
    setFiles(next);
    setOverrides(new Map());
    run(next, new Map());
  };
  const { isDragging, handlers } = useFileDrop(drop);
  return (
    <div className="ms-tensors">
      <div
        className={isDragging ? 'ms-tensors__drop is-dragging' : 'ms-tensors__drop'}
        {...handlers}
        data-testid="onnx-drop"
      >
        <p className="ms-tensors__hint">
          Drop an ONNX export of your model (with its .onnx_data, and a vocab.txt or tokenizer.json
          when it takes token ids). maskscope taps every Softmax and checks that padding changes no
          output. See “Test your exported model (ONNX)” in the README for the export line.
        </p>
        <label className="ms-tensors__file">
          Files{' '}
          <input
            type="file"
            multiple
            accept=".onnx,.onnx_data,.txt,.json"
            data-testid="onnx-files"
            onChange={(event) => {
              drop([...(event.target.files ?? [])]);
              event.target.value = '';
            }}
          />
        </label>
        <p className="ms-tensors__opened" data-testid="onnx-opened">
          {files.length === 0 ? 'Nothing dropped yet.' : files.map((f) => f.name).join(', ')}
        </p>
      </div>
      <div className="ms-tensors__options">
        <label className="ms-tensors__field">
          Pads{' '}
          <input
            data-testid="onnx-pads"
            value={padsText}
            aria-invalid={pads === null}
            onChange={(e) => setPadsText(e.target.value)}
          />
        </label>
        <label className="ms-tensors__field">
          Side{' '}
          <select data-testid="onnx-side" value={side} onChange={(e) => setSide(e.target.value)}>
            <option value="right">right</option>
            <option value="left">left</option>
            <option value="both">both</option>
          </select>
        </label>
        <label className="ms-tensors__field">
          Sentence (with a vocabulary){' '}
          <input data-testid="onnx-text" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button
          type="button"
          data-testid="onnx-run"
          disabled={pads === null || files.length === 0}
          onClick={() => run(files)}
        >
          Run the padding test
        </button>
      </div>
      <Roles
        overrides={overrides}
        onChange={(name, role) => {
          const next = new Map(overrides).set(name, role);
          setOverrides(next);
          run(files, next);
        }}
      />
      <Progress />
    </div>
  );
}
