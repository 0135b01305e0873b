/**
 * The one request cycle: register a request in the store, ask the engine, and put the answer or
 * the failure back under the request's id (the store drops answers a newer request replaced).
 * What differs between kinds lives in one row of the binding table (requestBindings.ts).
 */
import type { Engine } from '../protocol/engineProtocol';
import type { AppState, AppStore } from '../store/appState';
import type { RequestKind, RequestResults } from '../store/requestSlice';

/** What every request is asked through: the store it answers into and the engine. */
export interface SessionContext {
  readonly store: AppStore;
  readonly engine: Engine;
}

/** An answer to keep, and other state that changes with it (a notice, a reset choice). */
export interface Answer<K extends RequestKind> {
  readonly result: RequestResults[K];
  readonly patch?: Partial<AppState>;
}

/** How one kind of request is asked of the engine and answered into the store. */
export interface RequestBinding<K extends RequestKind, Args> {
  readonly kind: K;
  /**
   * Asks the engine for request `id`; resolves with the answer, or null when it answers
   * something the page has since dropped (another model was loaded): the request then stops.
   */
  readonly ask: (context: SessionContext, args: Args, id: number) => Promise<Answer<K> | null>;
  /** The failure as the banner or panel says it; null: the request was stopped, not failed. */
  readonly failure: (error: unknown) => string | null;
  /** Other state that changes when the request starts (a label, reset progress). */
  readonly started?: (args: Args) => Partial<AppState>;
}

/** An error's message, for the banner. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Registers a request of the binding's kind (for schedulers that ask later); returns its id. */
export function beginRequest<K extends RequestKind, Args>(
  { store }: SessionContext,
  binding: RequestBinding<K, Args>,
  args: Args,
): number {
  return store.getState().beginRequest(binding.kind, binding.started?.(args));
}

/** Asks the engine for request `id` and stores the answer; resolves with it once kept. */
export async function answerRequest<K extends RequestKind, Args>(
  context: SessionContext,
  binding: RequestBinding<K, Args>,
  args: Args,
  id: number,
): Promise<RequestResults[K] | null> {
  const state = () => context.store.getState();
  try {
    const answer = await binding.ask(context, args, id);
    if (answer === null) {
      state().failRequest(binding.kind, id, null);
      return null;
    }
    const isKept = state().settleRequest(binding.kind, id, answer.result, answer.patch);
    return isKept ? answer.result : null;
  } catch (error) {
    state().failRequest(binding.kind, id, binding.failure(error));
    return null;
  }
}

/** The whole cycle at once: begin, ask, answer. Never rejects: failures land in the store. */
export function runRequest<K extends RequestKind, Args>(
  context: SessionContext,
  binding: RequestBinding<K, Args>,
  args: Args,
): Promise<RequestResults[K] | null> {
  return answerRequest(context, binding, args, beginRequest(context, binding, args));
}
