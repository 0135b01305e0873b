import { useAppServices, useAppState } from '../../store/useAppState';
import { useFileDrop } from '../FileDrop/useFileDrop';
import './ModelPicker.css';
import { FilesInput } from '../FileDrop/FilesInput';

/** Picks a model from public/models/index.json, or loads the user's own three files. */
export function ModelPicker() {
  const { loadFiles } = useAppServices();
  const models = useAppState((s) => s.models);
  const modelId = useAppState((s) => s.modelId);
  const defaultId = useAppState((s) => s.defaultModelId);
  const source = useAppState((s) => s.load.result?.source ?? '');
  const setModelId = useAppState((s) => s.setModelId);
  const applyModelStart = useAppState((s) => s.applyModelStart);
  const { isDragging, handlers } = useFileDrop(loadFiles);
  const isOwnFiles = source !== '' && !models.some((m) => source.endsWith(m.path));
  const current = isOwnFiles ? '' : (modelId ?? defaultId ?? '');
  const description = models.find((m) => m.id === current)?.description ?? '';

  return (
    <div className={isDragging ? 'ms-model-picker is-dragging' : 'ms-model-picker'} {...handlers}>
      <label className="ms-field ms-field--inline">
        <span className="ms-field__label">Model</span>
        <select
          data-testid="model-select"
          value={current}
          onChange={(event) => {
            const entry = models.find((m) => m.id === event.target.value);
            setModelId(event.target.value);
            if (entry?.start != null) applyModelStart(entry.start);
          }}
        >
          {isOwnFiles && <option value="">{source} (your files)</option>}
          {models.map((m) => (
            <option key={m.id} value={m.id} title={m.description}>
              {m.title}
            </option>
          ))}
        </select>
      </label>
      <label className="ms-model-picker__files">
        or drop / choose your own <code>config.json</code>, <code>vocab.txt</code>,{' '}
        <code>*.safetensors</code>
        <FilesInput
          accept=".json,.txt,.safetensors"
          testId="model-files"
          onFiles={(files) => {
            if (files.length > 0) loadFiles(files);
          }}
        />
      </label>
      {description !== '' && (
        <p className="ms-model-picker__description" data-testid="model-description">
          {description}
        </p>
      )}
    </div>
  );
}
