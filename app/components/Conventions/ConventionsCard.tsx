import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { conventionView, selectCurrentPadding } from '../../store/conventionSelectors';
import type { ConventionFields } from '../../store/conventionsSlice';
import type { AppState } from '../../store/appState';
import { useAppState } from '../../store/useAppState';
import { ConventionsForm } from './ConventionsForm';
import { ConventionsResult } from './ConventionsResult';
import './Conventions.css';

const selectFields = (s: AppState): ConventionFields => ({
  conventionApi: s.conventionApi,
  conventionInput: s.conventionInput,
  conventionTyped: s.conventionTyped,
  conventionDtype: s.conventionDtype,
  conventionPolarity: s.conventionPolarity,
  conventionMeant: s.conventionMeant,
  conventionItem: s.conventionItem,
  conventionFile: s.conventionFile,
  conventionArrayName: s.conventionArrayName,
  conventionFileError: s.conventionFileError,
});

/**
 * "Which convention does your API use?": pick the API, give the mask array you pass, and see
 * the keep-matrix the API builds from it next to the one you meant, with the problem named.
 */
export function ConventionsCard() {
  const fields = useAppState(useShallow(selectFields));
  const set = useAppState((s) => s.setConventionFields);
  const current = useAppState(selectCurrentPadding);
  const view = useMemo(() => conventionView(fields, current), [fields, current]);
  return (
    <details className="ms-card ms-conventions" data-testid="conventions">
      <summary className="ms-conventions__summary">
        Which convention does your API use? Check the mask array you pass
      </summary>
      <div className="ms-conventions__body">
        <ConventionsForm fields={fields} set={set} />
        <ConventionsResult view={view} fields={fields} />
      </div>
    </details>
  );
}
