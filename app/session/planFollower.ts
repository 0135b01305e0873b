/**
 * Runs follow the input: each new run plan (or tensor-check plan) is scheduled as a request, so
 * the engine answers the newest input while the user types, and stale answers are dropped.
 */
import type { AppState } from '../store/appState';
import { selectModel, selectOpened } from '../store/requestSelectors';
import { selectRunPlan, type RunPlan } from '../store/selectors';
import { selectTensorPlan, type TensorPlan } from '../store/tensorSelectors';
import { REQUESTS, type TensorCheck } from './requestBindings';
import { answerRequest, beginRequest, type SessionContext } from './requestCycle';
import { createRunScheduler, type SchedulerOptions } from './runScheduler';

/** What the session tells the follower. */
export interface PlanFollower {
  /** The store changed: schedules a run or a check if their plan did. */
  readonly follow: (next: AppState, previous: AppState) => void;
  /** Runs the current plan again (the backend changed under it). */
  readonly rerun: () => void;
  /** Checks the newly opened tensors with the current options. */
  readonly checkOpened: () => void;
  readonly cancel: () => void;
}

interface Job<Args> {
  readonly id: number;
  readonly args: Args;
}

/** Schedules runs and tensor checks of `context`'s store with `timing`. */
export function createPlanFollower(
  context: SessionContext,
  timing: SchedulerOptions,
): PlanFollower {
  const state = () => context.store.getState();
  const runs = createRunScheduler<Job<RunPlan>>(async (job) => {
    await answerRequest(context, REQUESTS.run, job.args, job.id);
  }, timing);
  const checks = createRunScheduler<Job<TensorCheck>>(async (job) => {
    await answerRequest(context, REQUESTS.tensorCheck, job.args, job.id);
  }, timing);
  let lastPlan: RunPlan | null = null;
  let lastTensorPlan: TensorPlan | null = null;

  function planChanged(plan: RunPlan | null): void {
    lastPlan = plan;
    if (selectModel(state()) === null) return;
    if (plan === null)
      state().blockRequest('run'); // the banner says why: problems are selectors
    else runs.schedule({ id: beginRequest(context, REQUESTS.run, plan), args: plan });
  }

  function tensorPlanChanged(plan: TensorPlan): void {
    lastTensorPlan = plan;
    if (selectOpened(state()) === null || !('options' in plan)) return;
    checks.schedule({ id: beginRequest(context, REQUESTS.tensorCheck, plan), args: plan });
  }

  return {
    follow: (next, previous) => {
      const plan = selectRunPlan(next);
      if (plan !== lastPlan || next.load.result !== previous.load.result) planChanged(plan);
      const tensorPlan = selectTensorPlan(next);
      if (tensorPlan !== lastTensorPlan) tensorPlanChanged(tensorPlan);
    },
    rerun: () => planChanged(lastPlan),
    checkOpened: () => tensorPlanChanged(selectTensorPlan(state())),
    cancel: () => {
      runs.cancel();
      checks.cancel();
    },
  };
}
