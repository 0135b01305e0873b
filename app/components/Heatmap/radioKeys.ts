/**
 * The usual radio-group keys (WAI-ARIA APG "Radio Group"): ←/↑ choose the previous enabled
 * option, →/↓ the next, wrapping round; Home and End the first and last. Disabled options are
 * skipped.
 */

const STEPS: Readonly<Record<string, number>> = {
  ArrowLeft: -1,
  ArrowUp: -1,
  ArrowRight: 1,
  ArrowDown: 1,
};

/** The index `key` moves to from `current` among options (true = disabled); null: not a move. */
export function radioKeyTarget(
  disabled: readonly boolean[],
  current: number,
  key: string,
): number | null {
  const enabled = disabled.flatMap((isDisabled, i) => (isDisabled ? [] : [i]));
  if (enabled.length === 0) return null;
  if (key === 'Home') return enabled[0] ?? null;
  if (key === 'End') return enabled.at(-1) ?? null;
  const step = STEPS[key];
  if (step === undefined) return null;
  const at = enabled.indexOf(current);
  if (at === -1) return enabled[step > 0 ? 0 : enabled.length - 1] ?? null;
  return enabled[(at + step + enabled.length) % enabled.length] ?? null;
}
