import {
  formulaOfEntry,
  MASK_CATALOGUE,
  numericsNote,
  paddingSideNote,
  type MaskEntry,
} from '../../../src/masks/catalogue';
import type { PaddingSide } from '../../../src/masks/maskMode';
import type { AttentionNumerics } from '../../../src/masks/numerics';
import { formatConstant } from '../../../src/masks/modes';
import type { ModeSlot } from '../../store/inputSlice';

/** Props of one mode picker (A or B). */
export interface ModeSelectProps {
  readonly slot: ModeSlot;
  readonly modeId: string;
  /** The resolved entry, constant applied. */
  readonly entry: MaskEntry;
  readonly constant: number | null;
  /** The padding side that runs, to say when it hides the entry's bug. */
  readonly paddingSide: PaddingSide;
  /** The precision, causal mask and score scale that run, to say when they hide the entry's bug. */
  readonly numerics?: AttentionNumerics;
  readonly onModeChange: (modeId: string) => void;
  readonly onConstantChange: (constant: number | null) => void;
}

const CORRECT = MASK_CATALOGUE.filter((entry) => entry.isCorrect);
const BUGS = MASK_CATALOGUE.filter((entry) => !entry.isCorrect);

/** A catalogue entry picker, the constant choice when the entry has several, and its formula. */
export function ModeSelect(props: ModeSelectProps) {
  const { slot, entry } = props;
  const label = slot === 'a' ? 'Mode A' : 'Mode B';
  const choices = entry.constantChoices;
  const shownConstant = 'constant' in entry.mode ? entry.mode.constant : null;
  const sideNote = paddingSideNote(entry, props.paddingSide);
  const runNote = props.numerics === undefined ? null : numericsNote(entry, props.numerics);
  // The formula of what runs: the entry under the precision, causal mask and scale of the run.
  const running = props.numerics === undefined ? entry : { ...entry, numerics: props.numerics };
  return (
    <div className={`ms-mode ms-mode--${slot}`}>
      <label className="ms-field">
        <span className="ms-field__label">
          <span className={`ms-swatch ms-swatch--${slot}`} aria-hidden="true" /> {label}
        </span>
        <select
          data-testid={`mode-${slot}`}
          value={props.modeId}
          onChange={(event) => props.onModeChange(event.target.value)}
        >
          <optgroup label="Correct masks">
            {CORRECT.map((option) => (
              <option key={option.id} value={option.id}>
                {option.title}
              </option>
            ))}
          </optgroup>
          <optgroup label="Bugs seen in the wild">
            {BUGS.map((option) => (
              <option key={option.id} value={option.id}>
                {option.title}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      {choices.length > 1 && shownConstant !== null && (
        <label className="ms-field ms-field--inline">
          <span className="ms-field__label">constant c</span>
          <select
            data-testid={`constant-${slot}`}
            value={String(props.constant ?? shownConstant)}
            onChange={(event) => props.onConstantChange(Number(event.target.value))}
          >
            {choices.map((c) => (
              <option key={String(c)} value={String(c)}>
                {formatConstant(c)}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="ms-mode__formula" title={entry.symptom}>
        <code data-testid={`formula-${slot}`}>{formulaOfEntry(running)}</code>
        {sideNote !== null && (
          <span className="ms-mode__hint" data-testid={`side-note-${slot}`}>
            {' '}
            · {sideNote}
          </span>
        )}
        {runNote !== null && (
          <span className="ms-mode__hint" data-testid={`numerics-note-${slot}`}>
            {' '}
            · {runNote}
          </span>
        )}
      </p>
    </div>
  );
}
