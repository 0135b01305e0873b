import { useId, useState, type ReactNode } from 'react';
import { FRAMEWORK_NAMES, isFramework } from '../../../src/dump/fixes';
import { SUPPORTED_FORMATS } from '../../../src/dump/readDump';
import { selectTensorPhase } from '../../store/requestSelectors';
import { selectTensorFields } from '../../store/tensorSelectors';
import type { TensorFields, TensorMaskKind } from '../../store/tensorsSlice';
import { useAppServices, useAppState } from '../../store/useAppState';
import { useFileDrop } from '../FileDrop/useFileDrop';
import './TensorsPanel.css';
import { FilesInput } from '../FileDrop/FilesInput';

/** The dump formats the file inputs offer (drops take any file and name what they cannot read). */
const DUMP_ACCEPT = '.npy,.npz,.safetensors,.json';

const CONVENTIONS = [
  ['auto', 'auto (from the name and values)'],
  ['keep', '1 = real token (HF attention_mask, Keras, Flax, DL4J, SDPA bool)'],
  ['ignore', '1 = padding (PyTorch key_padding_mask)'],
  ['additive', '0 = real, large negative = padding (additive)'],
] as const;

function Field({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  const id = useId();
  return (
    <label className="ms-field" htmlFor={id}>
      <span className="ms-field__label">{label}</span>
      <span id={id} className="ms-tensors__control">
        {children}
      </span>
    </label>
  );
}

/** The drop zone: the dump's files, and optionally a second dump to compare with. */
function DropZone() {
  const { openTensors } = useAppServices();
  const opened = useAppState((s) => s.tensorRead.result);
  const phase = useAppState(selectTensorPhase);
  const [compare, setCompare] = useState<readonly File[]>([]);
  const [files, setFiles] = useState<readonly File[]>([]);
  // A new dump replacing one is a new input: the old comparison would only make it fail. A
  // comparison chosen before any dump is kept for the first.
  const openPrimary = (next: readonly File[]) => open(next, files.length > 0 ? [] : compare);
  const open = (next: readonly File[], nextCompare: readonly File[]) => {
    setFiles(next);
    setCompare(nextCompare);
    if (next.length > 0) openTensors(next, nextCompare);
  };
  const { isDragging, handlers } = useFileDrop(openPrimary);
  return (
    <div
      className={isDragging ? 'ms-tensors__drop is-dragging' : 'ms-tensors__drop'}
      {...handlers}
      data-testid="tensors-drop"
    >
      <p className="ms-tensors__hint">
        Drop the attention weights your code saved — {SUPPORTED_FORMATS} — with the padding mask in
        the same file or below. See “Debug your own model” in the README for a snippet per
        framework.
      </p>
      <label className="ms-tensors__file">
        Files <FilesInput accept={DUMP_ACCEPT} testId="tensor-files" onFiles={openPrimary} />
      </label>
      <label className="ms-tensors__file">
        Compare with a second dump (same input without padding, or after a fix){' '}
        <FilesInput
          accept={DUMP_ACCEPT}
          testId="compare-files"
          onFiles={(compareFiles) => open(files, compareFiles)}
        />
      </label>
      {compare.length > 0 && (
        <button type="button" data-testid="remove-comparison" onClick={() => open(files, [])}>
          Remove the comparison
        </button>
      )}
      <p className="ms-tensors__opened" data-testid="tensors-opened" data-phase={phase}>
        {phase === 'reading'
          ? 'Reading…'
          : opened === null
            ? 'Nothing opened yet.'
            : `Opened ${opened.files.join(', ')}${opened.compareFiles.length > 0 ? ` · comparing with ${opened.compareFiles.join(', ')}` : ''}: ${opened.arrays.map((a) => `${a.name} [${a.shape.join(', ')}] ${a.dtype}`).join(' · ')}`}
      </p>
    </div>
  );
}

/** How to read the mask, the layout and the labels; every change checks the dump again. */
function Options() {
  const fields = useAppState(selectTensorFields);
  const set = useAppState((s) => s.setTensorFields);
  const batch = useAppState((s) => s.tensorCheck.result?.answer.report.mask.batch ?? 1);
  const modelName = useAppState((s) => s.load.result?.source.split('/').pop() ?? 'the model');
  const change = (patch: Partial<TensorFields>) => set(patch);
  return (
    <div className="ms-tensors__options">
      <Field label="Padding mask">
        <select
          data-testid="tensor-mask-kind"
          value={fields.maskKind}
          onChange={(e) => change({ maskKind: e.target.value as TensorMaskKind })}
        >
          <option value="found">in the files (attention_mask, key_padding_mask, lengths)</option>
          <option value="lengths">lengths per batch item</option>
          <option value="typed">typed 0/1 rows</option>
        </select>
      </Field>
      {fields.maskKind === 'lengths' && (
        <>
          <Field label="Lengths">
            <input
              data-testid="tensor-lengths"
              placeholder="7,12"
              value={fields.lengths}
              onChange={(e) => change({ lengths: e.target.value })}
            />
          </Field>
          <Field label="Padding side">
            <select
              value={fields.padSide}
              onChange={(e) => change({ padSide: e.target.value === 'left' ? 'left' : 'right' })}
            >
              <option value="right">right</option>
              <option value="left">left</option>
            </select>
          </Field>
        </>
      )}
      {fields.maskKind === 'typed' && (
        <Field label="Mask rows (1 = real)">
          <textarea
            data-testid="tensor-typed-mask"
            rows={2}
            placeholder="1 1 1 1 0 0"
            value={fields.typedMask}
            onChange={(e) => change({ typedMask: e.target.value })}
          />
        </Field>
      )}
      <Field label="Mask values mean">
        <select
          data-testid="tensor-convention"
          value={fields.convention}
          onChange={(e) => change({ convention: e.target.value as TensorFields['convention'] })}
        >
          {CONVENTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Layout">
        <input
          data-testid="tensor-layout"
          value={fields.layout}
          size={8}
          title="auto, or axis letters: L layer, B batch, H head, Q query, K key (BHQK, BHKQ, BQK, LBHQK)"
          onChange={(e) => change({ layout: e.target.value })}
        />
      </Field>
      <Field label="Your framework (for the fix)">
        <select
          data-testid="tensor-framework"
          value={fields.framework}
          onChange={(e) => isFramework(e.target.value) && change({ framework: e.target.value })}
        >
          {Object.entries(FRAMEWORK_NAMES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Batch item">
        <input
          type="number"
          data-testid="tensor-item"
          min={0}
          max={Math.max(0, batch - 1)}
          placeholder="first padded"
          value={fields.item ?? ''}
          onChange={(e) => {
            const value = e.target.valueAsNumber;
            const item = Number.isInteger(value)
              ? Math.min(Math.max(0, value), Math.max(0, batch - 1))
              : null;
            change({ item });
          }}
        />
      </Field>
      <Field label="Labels">
        <select
          data-testid="tensor-tokens-kind"
          value={fields.tokensKind}
          onChange={(e) =>
            change({ tokensKind: e.target.value === 'sentence' ? 'sentence' : 'tokens' })
          }
        >
          <option value="tokens">tokens, space-separated</option>
          <option value="sentence">a sentence, through {modelName}&apos;s tokenizer</option>
        </select>
      </Field>
      <Field label={fields.tokensKind === 'sentence' ? 'Sentence (optional)' : 'Tokens (optional)'}>
        <input
          data-testid="tensor-tokens"
          className="ms-tensors__tokens"
          placeholder="[CLS] the doctor said … [SEP] [PAD] [PAD]"
          value={fields.tokens}
          onChange={(e) => change({ tokens: e.target.value })}
        />
      </Field>
    </div>
  );
}

/** "Your tensors": the files, and how to read them. */
export function TensorsPanel() {
  return (
    <section className="ms-tensors" aria-label="Your tensors">
      <DropZone />
      <Options />
    </section>
  );
}
