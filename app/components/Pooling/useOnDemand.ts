/**
 * An engine call made when the user asks (a button), not on every input change: its answer,
 * the input key it answers, and the answers of superseded calls dropped by a call id.
 */
import { useCallback, useRef, useState } from 'react';

/** Where an on-demand call stands. */
export type OnDemand<T> =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly key: string }
  | { readonly phase: 'done'; readonly key: string; readonly value: T }
  | { readonly phase: 'error'; readonly key: string; readonly message: string };

/** [state, start(key, task)]: `start` runs task and keeps its answer unless a newer call began. */
export function useOnDemand<T>(): [OnDemand<T>, (key: string, task: () => Promise<T>) => void] {
  const [state, setState] = useState<OnDemand<T>>({ phase: 'idle' });
  const latest = useRef(0);
  const start = useCallback((key: string, task: () => Promise<T>) => {
    const callId = ++latest.current;
    setState({ phase: 'running', key });
    task().then(
      (value) => {
        if (callId === latest.current) setState({ phase: 'done', key, value });
      },
      (error: unknown) => {
        if (callId !== latest.current) return;
        const message = error instanceof Error ? error.message : String(error);
        setState({ phase: 'error', key, message });
      },
    );
  }, []);
  return [state, start];
}
