import { PAD_NUMBERINGS, padNumberingLabel, type PadNumbering } from '../../../src/masks/positions';
import { useAppState } from '../../store/useAppState';

/** The picker's option text per numbering (what the pads get on either side). */
const OPTION_TEXT: Readonly<Record<PadNumbering, string>> = {
  huggingface: 'Hugging Face (0…T-1 right, 1 left)',
  zero: 'pads at 0',
  one: 'pads at 1',
  index: 'pads at their index',
};

function numberingOf(value: string): PadNumbering {
  return PAD_NUMBERINGS.find((numbering) => numbering === value) ?? 'huggingface';
}

/**
 * How padding positions are numbered (real tokens get cumsum(m) - 1 whatever is chosen), and
 * which numbering runs on the chosen side. It matters only where a mode lets real tokens see
 * padding; the `arange` bug mode numbers every token by its index whatever is chosen here.
 */
export function PadPositionsField() {
  const padNumbering = useAppState((s) => s.padNumbering);
  const paddingSide = useAppState((s) => s.paddingSide);
  const setInputs = useAppState((s) => s.setInputs);
  return (
    <label className="ms-field ms-field--pad-positions">
      <span className="ms-field__label">Pad position ids</span>
      <select
        data-testid="pad-numbering"
        value={padNumbering}
        onChange={(event) => setInputs({ padNumbering: numberingOf(event.target.value) })}
      >
        {PAD_NUMBERINGS.map((numbering) => (
          <option key={numbering} value={numbering}>
            {OPTION_TEXT[numbering]}
          </option>
        ))}
      </select>
      <span className="ms-field__hint" data-testid="pad-numbering-note">
        Runs: real tokens 0…n-1, {padNumberingLabel(padNumbering, paddingSide)}
      </span>
    </label>
  );
}
