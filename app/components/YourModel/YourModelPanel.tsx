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
import { FilesInput } from '../FileDrop/FilesInput';

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

/** The drop zone and file picker: one .onnx with its side files. */
function DropZone({
  files,
  onFiles,
}: {
  readonly files: readonly File[];
  readonly onFiles: (files: readonly File[]) => void;
}) {
  const { isDragging, handlers } = useFileDrop(onFiles);
  return (
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
        <FilesInput accept=".onnx,.onnx_data,.txt,.json" testId="onnx-files" onFiles={onFiles} />
      </label>
      <p className="ms-tensors__opened" data-testid="onnx-opened">
        {files.length === 0 ? 'Nothing dropped yet.' : files.map((f) => f.name).join(', ')}
      </p>
    </div>
  );
}

/** What the test runs: paddings, side and sentence as typed. */
interface Settings {
  readonly padsText: string;
  readonly side: string;
  readonly text: string;
}

/** The paddings, side and sentence, and the button that runs the test again. */
function SettingsFields({
  settings,
  onChange,
  canRun,
  onRun,
}: {
  readonly settings: Settings;
  readonly onChange: (patch: Partial<Settings>) => void;
  readonly canRun: boolean;
  readonly onRun: () => void;
}) {
  return (
    <div className="ms-tensors__options">
      <label className="ms-tensors__field">
        Pads{' '}
        <input
          data-testid="onnx-pads"
          value={settings.padsText}
          aria-invalid={parsePads(settings.padsText) === null}
          onChange={(e) => onChange({ padsText: e.target.value })}
        />
      </label>
      <label className="ms-tensors__field">
        Side{' '}
        <select
          data-testid="onnx-side"
          value={settings.side}
          onChange={(e) => onChange({ side: e.target.value })}
        >
          <option value="right">right</option>
          <option value="left">left</option>
          <option value="both">both</option>
        </select>
      </label>
      <label className="ms-tensors__field">
        Sentence (with a vocabulary){' '}
        <input
          data-testid="onnx-text"
          value={settings.text}
          onChange={(e) => onChange({ text: e.target.value })}
        />
      </label>
      <button type="button" data-testid="onnx-run" disabled={!canRun} onClick={onRun}>
        Run the padding test
      </button>
    </div>
  );
}

/** The request the settings and overrides ask for, or null when the pads are not a list. */
function requestOf(
  settings: Settings,
  overrides: ReadonlyMap<string, InputRole>,
): ModelRequest | null {
  const pads = parsePads(settings.padsText);
  if (pads === null) return null;
  const sides = SIDES[settings.side] ?? ['right'];
  return { pads, sides, overrides: [...overrides], text: settings.text, padId: 0 };
}

/** The whole input card of "Your model": a drop runs the test; so does a changed role. */
export function YourModelPanel() {
  const { checkOnnx } = useAppServices();
  const [files, setFiles] = useState<readonly File[]>([]);
  const [settings, setSettings] = useState<Settings>({
    padsText: '1, 8, 32',
    side: 'right',
    text: '',
  });
  const [overrides, setOverrides] = useState<ReadonlyMap<string, InputRole>>(new Map());
  const run = (next: readonly File[], roles: ReadonlyMap<string, InputRole>) => {
    const request = requestOf(settings, roles);
    const hasModel = next.some((f) => f.name.toLowerCase().endsWith('.onnx'));
    if (request !== null && hasModel) checkOnnx(next, request);
  };
  const drop = (next: readonly File[]) => {
    setFiles(next);
    setOverrides(new Map());
    run(next, new Map());
  };
  return (
    <div className="ms-tensors">
      <DropZone files={files} onFiles={drop} />
      <SettingsFields
        settings={settings}
        onChange={(patch) => setSettings({ ...settings, ...patch })}
        canRun={files.length > 0 && requestOf(settings, overrides) !== null}
        onRun={() => run(files, overrides)}
      />
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
