import type { Request } from '../../store/requestSlice';

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
  readonly state: Request<unknown>;
  readonly isStale: boolean;
  readonly earlier?: string;
  readonly again: string;
}) {
  return (
    <>
      {state.phase === 'error' && (
        <p className="ms-pooling__error" role="alert">
          {state.error}
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
