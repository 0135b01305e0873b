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

/** A row of mutually exclusive buttons, with the chosen one marked `aria-checked`. */
export function Segmented<T extends string>(props: SegmentedProps<T>) {
  return (
    <div
      className="ms-segmented"
      role="radiogroup"
      aria-label={props.ariaLabel}
      data-testid={props.testId}
      data-value={props.value}
    >
      {props.options.map((option) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={props.value === option.value}
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
