import type { KeyboardEvent } from 'react';
import { radioKeyTarget } from './radioKeys';
import './Segmented.css';

/** One choice of a segmented control. */
export interface SegmentedOption<T extends string> {
  readonly value: T;
  readonly label: string;
  readonly isDisabled?: boolean;
}

/** Props of a segmented (radio) control; each button gets `data-testid="{testId}-{value}"`. */
export interface SegmentedProps<T extends string> {
  readonly options: readonly SegmentedOption<T>[];
  readonly value: T;
  readonly onChange: (value: T) => void;
  readonly ariaLabel: string;
  readonly testId: string;
}

/**
 * A row of mutually exclusive buttons, with the chosen one marked `aria-checked`. It behaves as
 * a radio group: one Tab stop (the chosen button), the arrow keys, Home and End choose.
 */
export function Segmented<T extends string>(props: SegmentedProps<T>) {
  const { options } = props;
  const checked = options.findIndex((option) => option.value === props.value);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const disabled = options.map((option) => option.isDisabled === true);
    const target = radioKeyTarget(disabled, checked, event.key);
    const option = target === null ? undefined : options[target];
    if (target === null || option === undefined) return;
    event.preventDefault();
    event.stopPropagation(); // the page's arrow-key shortcuts must not move the head as well
    props.onChange(option.value);
    const buttons = event.currentTarget.querySelectorAll<HTMLButtonElement>('[role="radio"]');
    buttons[target]?.focus();
  };
  return (
    <div
      className="ms-segmented"
      role="radiogroup"
      aria-label={props.ariaLabel}
      data-testid={props.testId}
      data-value={props.value}
      onKeyDown={onKeyDown}
    >
      {options.map((option, i) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={props.value === option.value}
          tabIndex={i === (checked === -1 ? 0 : checked) ? 0 : -1}
          disabled={option.isDisabled === true}
          data-testid={`${props.testId}-${option.value}`}
          onClick={() => props.onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
