import { useEffect, useState } from 'react';

/**
 * How long a run may take before the page says so (the status's "running…", the dimming of the
 * results it will replace): most runs answer well within it.
 */
export const SLOW_RUN_MS = 400;

/**
 * `flag`, but turning true only after it has stayed true for `delayMs` (it turns false at
 * once). For "this is taking a while" cues: a run that answers within the delay never flashes
 * them, and the page does not repaint twice around every fast run.
 */
export function useDelayedFlag(flag: boolean, delayMs: number): boolean {
  const [isLate, setIsLate] = useState(false);
  useEffect(() => {
    if (!flag) return undefined;
    const timer = setTimeout(() => setIsLate(true), delayMs);
    return () => {
      clearTimeout(timer);
      setIsLate(false);
    };
  }, [flag, delayMs]);
  return flag && isLate;
}
