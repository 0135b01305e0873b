import { useId, type ReactNode } from 'react';
import { API_CONVENTIONS, apiConvention, isApiId } from '../../../src/conventions/apis';
import { POLARITY_WORDS, type PaddingPolarity } from '../../../src/conventions/fromPadding';
import { SUPPORTED_FORMATS } from '../../../src/dump/readDump';
import type {
  ConventionChoices,
  ConventionFields,
  ConventionInput,
} from '../../store/conventionsSlice';

const INPUTS: readonly (readonly [ConventionInput, string])[] = [
  ['typed', 'Typed'],
  ['padding', 'Current padding'],
  ['file', 'File'],
];

function Field({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <label className="ms-field ms-conventions__field">
      <span className="ms-field__label">{label}</span>
      {children}
    </label>
  );
}

/** The API picker, where the array comes from, and the padding that was meant. */
export function ConventionsForm({
  fields,
  set,
  openFile,
}: {
  readonly fields: ConventionFields;
  readonly set: (choices: Partial<ConventionChoices>) => void;
  /** Reads a mask file (in the worker: the page never parses a user's file). */
  readonly openFile: (file: File) => void;
}) {
  const api = apiConvention(fields.conventionApi);
  const inputName = useId();
  return (
    <div className="ms-conventions__form">
      <Field label="API you call">
        <select
          value={fields.conventionApi}
          data-testid="convention-api"
          onChange={(e) => {
            if (isApiId(e.target.value)) set({ conventionApi: e.target.value });
          }}
        >
          {API_CONVENTIONS.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.call}
            </option>
          ))}
        </select>
      </Field>
      <p className="ms-conventions__api" data-testid="convention-api-summary">
        <code>{api.argument}</code>: {api.attend} = attend, {api.ignore} = ignore; {api.shape};{' '}
        {api.dtypes}. {api.effect}.{' '}
        <a href={api.docUrl} target="_blank" rel="noreferrer">
          Docs
        </a>
      </p>
      <fieldset className="ms-conventions__inputs">
        <legend>The mask array you pass</legend>
        {INPUTS.map(([value, label]) => (
          <label key={value} className="ms-conventions__radio">
            <input
              type="radio"
              name={inputName}
              value={value}
              checked={fields.conventionInput === value}
              onChange={() => set({ conventionInput: value })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {fields.conventionInput === 'typed' && (
        <Field label="Mask array (0/1, True/False, floats, -inf; rows on new lines)">
          <textarea
            rows={2}
            spellCheck={false}
            value={fields.conventionTyped}
            placeholder="1 1 1 0 0   or   [[True, True, True, False, False]]   or   0 0 0 -inf -inf"
            data-testid="convention-typed"
            onChange={(e) => set({ conventionTyped: e.target.value })}
          />
        </Field>
      )}
      {fields.conventionInput === 'padding' && (
        <Field label="Your code writes the padding as">
          <select
            value={fields.conventionPolarity}
            data-testid="convention-polarity"
            onChange={(e) => set({ conventionPolarity: e.target.value as PaddingPolarity })}
          >
            {Object.entries(POLARITY_WORDS).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </Field>
      )}
      {fields.conventionInput === 'file' && (
        <>
          <Field label={`Mask file (${SUPPORTED_FORMATS})`}>
            <input
              type="file"
              data-testid="convention-file"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file !== undefined) openFile(file);
              }}
            />
          </Field>
          {fields.conventionFile !== null && fields.conventionFile.arrays.length > 1 && (
            <Field label="Array">
              <select
                value={fields.conventionArrayName ?? fields.conventionFile.arrays[0]?.name ?? ''}
                onChange={(e) => set({ conventionArrayName: e.target.value })}
              >
                {fields.conventionFile.arrays.map((array) => (
                  <option key={array.name} value={array.name}>
                    {array.name} [{array.shape.join(', ')}] {array.dtype}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </>
      )}
      {fields.conventionInput !== 'padding' && (
        <Field label="Read the values as (the dtype you pass)">
          <select
            value={fields.conventionDtype}
            data-testid="convention-dtype"
            onChange={(e) =>
              set({ conventionDtype: e.target.value as ConventionFields['conventionDtype'] })
            }
          >
            <option value="auto">as written (True/False = bool, 1 = int, 1.0 = float)</option>
            <option value="bool">bool (torch.bool, np.bool_)</option>
            <option value="int">integer (int64, int32)</option>
            <option value="float">float (float32)</option>
          </select>
        </Field>
      )}
      <Field label="Batch item">
        <input
          type="number"
          min={0}
          step={1}
          value={fields.conventionItem}
          onChange={(e) => set({ conventionItem: Math.max(0, Math.round(Number(e.target.value))) })}
        />
      </Field>
      <Field label="Padding you meant (1 = real token, 0 = padding)">
        <span className="ms-conventions__meant">
          <input
            type="text"
            spellCheck={false}
            value={fields.conventionMeant ?? ''}
            placeholder="the current sentence's padding"
            data-testid="convention-meant"
            onChange={(e) =>
              set({ conventionMeant: e.target.value === '' ? null : e.target.value })
            }
          />
          {fields.conventionMeant !== null && (
            <button type="button" onClick={() => set({ conventionMeant: null })}>
              Use the current sentence
            </button>
          )}
        </span>
      </Field>
    </div>
  );
}
