import type { OnDemand } from './useOnDemand';

/** The last answer of an on-demand call, and whether it answers an input other than `key`. */
export function answerOf<T>(
  state: OnDemand<T>,
  key: string | null,
): { readonly value: T | null; readonly isStale: boolean } {
  return state.phase === 'done'
    ? { value: state.value, isStale: state.key !== key }
    : { value: null, isStale: false };
}

/**
 * The call's error, or a note that the answer shown is for an earlier `earlier` (what the
 * answer depends on), with `again` saying what to do.
 */
export function OnDemandNotices({
  state,
  isStale,
  earlier = 'input',
  again,
}: {
  readonly state: OnDemand<unknown>;
  readonly isStale: boolean;
  readonly earlier?: string;
  readonly again: string;
}) {
  return (
    <>
      {state.phase === 'error' && (
        <p className="ms-pooling__error" role="alert">
          {state.message}
        </p>
      )}
      {isStale && (
        <p className="ms-pooling__hint" role="status">
          Out of date: these results are for an earlier {earlier}; {again}.
        </p>
      )}
    </>
  );
}
