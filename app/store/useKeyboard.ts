/**
 * Keyboard shortcuts: arrow keys move the selected head, `t` swaps the detail view's axes. They
 * apply only while the focus is in the head grid or the detail view (an element marked
 * `data-shortcuts`), so elsewhere the arrow keys scroll the page as usual.
 */
import { useEffect } from 'react';
import type { AppStore } from './appState';
import { selectAnalysis } from './resultSelectors';

/** Arrow key → (Δlayer, Δhead). */
const MOVES: Readonly<Record<string, readonly [number, number]>> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/** The attribute that marks where the shortcuts apply. */
export const SHORTCUT_SCOPE = 'data-shortcuts';

/** True when keys pressed now belong to the shortcuts: focus in a scope, not in a field. */
function isShortcutTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
    return false;
  }
  return (
    target.closest(`[${SHORTCUT_SCOPE}]`) !== null && target.closest('[role="radiogroup"]') === null
  );
}

/** Installs the shortcuts on `window` while the component is mounted. */
export function useKeyboard(store: AppStore): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.altKey || event.ctrlKey || event.metaKey || !isShortcutTarget(event.target)) return;
      const state = store.getState();
      const move = MOVES[event.key];
      const shape = selectAnalysis(state)?.a.attention.shape;
      if (move !== undefined && shape !== undefined) {
        event.preventDefault();
        state.moveSelection(move[0], move[1], shape[0], shape[1]);
      } else if (event.key === 't' || event.key === 'T') {
        event.preventDefault();
        state.toggleOrientation();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
