/**
 * The page's side of the padding sweep: asks the engine for a sweep of the current input (on
 * demand only: the normal run never waits for one), stops it when asked, and marks it lost when
 * the worker dies. Its progress events go straight to the store.
 */
import { selectRunPlan } from '../store/selectors';
import { REQUESTS } from './requestBindings';
import { runRequest, type SessionContext } from './requestCycle';

/** Sweeps the current sentence and modes from 0 pads to the model's limit, in the chosen step. */
export function runSweep(context: SessionContext): void {
  const state = context.store.getState();
  void runRequest(context, REQUESTS.sweep, {
    plan: selectRunPlan(state),
    stepPads: state.sweepStep,
  });
}

/** Stops the running sweep. */
export function cancelSweep({ store, engine }: SessionContext): void {
  const { id, phase } = store.getState().sweep;
  if (phase !== 'running') return;
  store.getState().failRequest('sweep', id, null);
  void engine.cancelSweep({ sweepId: id }).catch(() => undefined);
}

/** The worker died: the running sweep is gone with it. */
export function loseSweep({ store }: SessionContext, reason: string): void {
  const { id, phase } = store.getState().sweep;
  if (phase === 'running')
    store.getState().failRequest('sweep', id, `The sweep stopped: ${reason}`);
}
