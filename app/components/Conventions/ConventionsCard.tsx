import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  conventionView,
  selectConventionFields,
  selectCurrentPadding,
} from '../../store/conventionSelectors';
import { useAppServices, useAppState } from '../../store/useAppState';
import { ConventionsForm } from './ConventionsForm';
import { ConventionsResult } from './ConventionsResult';
import './Conventions.css';

/**
 * "Which convention does your API use?": pick the API, give the mask array you pass, and see
 * the keep-matrix the API builds from it next to the one you meant, with the problem named.
 */
export function ConventionsCard() {
  const fields = useAppState(useShallow(selectConventionFields));
  const set = useAppState((s) => s.setConventionFields);
  const { openMaskFile } = useAppServices();
  const current = useAppState(selectCurrentPadding);
  const view = useMemo(() => conventionView(fields, current), [fields, current]);
  return (
    <details className="ms-card ms-conventions" data-testid="conventions">
      <summary className="ms-conventions__summary">
        Which convention does your API use? Check the mask array you pass
      </summary>
      <div className="ms-conventions__body">
        <ConventionsForm fields={fields} set={set} openFile={openMaskFile} />
        <ConventionsResult view={view} fields={fields} />
      </div>
    </details>
  );
}
