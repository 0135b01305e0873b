import { useId, useState } from 'react';
import type { PaddingSide } from '../../../src/masks/maskMode';
import { FORMULA_NOTATION } from '../../../src/masks/modes';
import {
  selectEffectivePadding,
  selectEncoding,
  selectEntryA,
  selectEntryB,
  selectPaddingLimit,
} from '../../store/selectors';
import { useAppState } from '../../store/useAppState';
import { ModeSelect } from './ModeSelect';
import { NumericsControls } from './NumericsControls';
import { describeCut, pasteInto } from './sentencePaste';
import './InputPanel.css';

/** Longest sentence the box accepts, in characters (the model's positions limit it further). */
const MAX_SENTENCE_CHARS = 2000;

function sideOf(value: string): PaddingSide {
  return value === 'left' ? 'left' : 'right';
}

function SentenceField() {
  const sentence = useAppState((s) => s.sentence);
  const tokenCount = useAppState((s) => selectEncoding(s)?.ids.length ?? null);
  const maxPositions = useAppState((s) => s.load.result?.config.maxPositions ?? null);
  const setSentence = useAppState((s) => s.setSentence);
  const id = useId();
  const [cutNote, setCutNote] = useState<string | null>(null);
  const onPaste = (event: React.ClipboardEvent<HTMLTextAreaElement>): void => {
    const box = event.currentTarget;
    const pasted = event.clipboardData.getData('text/plain');
    const result = pasteInto(
      box.value,
      box.selectionStart,
      box.selectionEnd,
      pasted,
      MAX_SENTENCE_CHARS,
    );
    if (result.cut === null) return setCutNote(null);
    event.preventDefault();
    setSentence(result.text);
    setCutNote(describeCut(result.cut, MAX_SENTENCE_CHARS));
  };
  return (
    <div className="ms-field ms-field--sentence">
      <label className="ms-field__label" htmlFor={id}>
        Sentence
        {tokenCount !== null && maxPositions !== null && (
          <span className="ms-field__meta">
            {' '}
            {tokenCount} tokens with [CLS] and [SEP] · model positions {maxPositions}
          </span>
        )}
      </label>
      <textarea
        id={id}
        data-testid="sentence-input"
        rows={2}
        maxLength={MAX_SENTENCE_CHARS}
        spellCheck={false}
        value={sentence}
        onPaste={onPaste}
        onChange={(event) => {
          setCutNote(null);
          setSentence(event.target.value);
        }}
      />
      {cutNote !== null && (
        <p className="ms-field__note" role="status" data-testid="sentence-cut-note">
          {cutNote}
        </p>
      )}
    </div>
  );
}

/** Padding as a slider (the padding that runs) and a number (the padding asked for). */
function PaddingField() {
  const paddingLength = useAppState((s) => s.paddingLength);
  const effectivePadding = useAppState(selectEffectivePadding);
  const limit = useAppState(selectPaddingLimit);
  const setPaddingLength = useAppState((s) => s.setPaddingLength);
  const id = useId();
  return (
    <div className="ms-field ms-field--padding">
      <label className="ms-field__label" htmlFor={id}>
        Padding tokens <span className="ms-field__meta">0 – {limit}</span>
      </label>
      <div className="ms-padding">
        <input
          type="range"
          data-testid="padding-slider"
          aria-label="Padding tokens"
          min={0}
          max={limit}
          step={1}
          value={effectivePadding}
          onChange={(event) => setPaddingLength(event.target.valueAsNumber)}
        />
        <input
          id={id}
          type="number"
          data-testid="padding-input"
          min={0}
          max={limit}
          step={1}
          value={paddingLength}
          aria-invalid={paddingLength < 0 || paddingLength > limit}
          onChange={(event) => {
            const value = event.target.valueAsNumber;
            if (!Number.isNaN(value)) setPaddingLength(value);
          }}
        />
      </div>
    </div>
  );
}

function SideField() {
  const paddingSide = useAppState((s) => s.paddingSide);
  const setPaddingSide = useAppState((s) => s.setPaddingSide);
  return (
    <label className="ms-field ms-field--side">
      <span className="ms-field__label">Padding side</span>
      <select
        data-testid="padding-side"
        value={paddingSide}
        onChange={(event) => setPaddingSide(sideOf(event.target.value))}
      >
        <option value="right">right</option>
        <option value="left">left</option>
      </select>
    </label>
  );
}

/** The sentence, the padding (slider and number), the padding side and the two mask modes. */
export function InputPanel() {
  const modeAId = useAppState((s) => s.modeAId);
  const modeBId = useAppState((s) => s.modeBId);
  const constantA = useAppState((s) => s.constantA);
  const constantB = useAppState((s) => s.constantB);
  const paddingSide = useAppState((s) => s.paddingSide);
  const numerics = useAppState((s) => s.numerics);
  const entryA = useAppState(selectEntryA);
  const entryB = useAppState(selectEntryB);
  const setMode = useAppState((s) => s.setMode);
  const setConstant = useAppState((s) => s.setConstant);
  return (
    <section className="ms-input" aria-label="Input">
      <SentenceField />
      <div className="ms-input__row">
        <PaddingField />
        <SideField />
        <ModeSelect
          slot="a"
          modeId={modeAId}
          entry={entryA}
          constant={constantA}
          paddingSide={paddingSide}
          numerics={numerics}
          onModeChange={(id) => setMode('a', id)}
          onConstantChange={(c) => setConstant('a', c)}
        />
        <ModeSelect
          slot="b"
          modeId={modeBId}
          entry={entryB}
          constant={constantB}
          paddingSide={paddingSide}
          numerics={numerics}
          onModeChange={(id) => setMode('b', id)}
          onConstantChange={(c) => setConstant('b', c)}
        />
      </div>
      <NumericsControls />
      <p className="ms-input__notation" data-testid="formula-notation">
        In the formulas:{' '}
        {FORMULA_NOTATION.map(({ symbol, meaning }, i) => (
          <span key={symbol}>
            {i > 0 && ' · '}
            <code>{symbol}</code> {meaning}
          </span>
        ))}
        .
      </p>
    </section>
  );
}
