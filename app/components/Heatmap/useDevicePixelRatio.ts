import { useSyncExternalStore } from 'react';

// Zooming and moving the window between screens change devicePixelRatio and fire `resize`.
function subscribe(onChange: () => void): () => void {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
}

/** The current device pixel ratio, re-read on resize (1 during server rendering). */
export function useDevicePixelRatio(): number {
  return useSyncExternalStore(
    subscribe,
    () => window.devicePixelRatio,
    () => 1,
  );
}
