// Reading the app in a Playwright page: its exposed state (window.__maskscope) and the moment
// the newest run is painted.
import { expect, type Page } from '@playwright/test';

/** The fields of the exposed state the browser tests read. */
export interface Snapshot {
  readonly backend: string | null;
  readonly runPhase: string;
  readonly latestRunId: number;
  readonly shownRunId: number;
  readonly seqLen: number | null;
  readonly paddingLength: number;
}

/** The exposed state now. */
export function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => {
    const handle = (window as unknown as { __maskscope: { getState(): Snapshot } }).__maskscope;
    return handle.getState();
  });
}

/** Waits until the newest requested run is painted (root data-run-state="done" for its id). */
export async function waitForRun(page: Page, timeoutMs?: number): Promise<Snapshot> {
  await expect
    .poll(
      async () => {
        const state = await snapshot(page);
        return state.runPhase === 'done' && state.shownRunId === state.latestRunId;
      },
      timeoutMs === undefined ? {} : { timeout: timeoutMs },
    )
    .toBe(true);
  const { latestRunId } = await snapshot(page);
  const root = page.getByTestId('app-root');
  await expect(root).toHaveAttribute('data-run-state', 'done');
  await expect(root).toHaveAttribute('data-run-id', String(latestRunId));
  return snapshot(page);
}
