// Reading the app in a Playwright page: its exposed state (window.__maskscope) and the moment
// the newest run is painted.
import { expect, type Page } from '@playwright/test';

/** The fields of the exposed state the browser tests read. */
export interface Snapshot {
  readonly backend: string | null;
  readonly runPhase: string;
  readonly runError: string | null;
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

/**
 * Waits until the newest requested run is painted (root data-run-state="done" for its id). A run
 * that fails ends the wait at once with the app's message, and a wait that times out says where
 * the app stood, so that a failure in CI names its cause.
 */
export async function waitForRun(page: Page, timeoutMs = 60_000): Promise<Snapshot> {
  try {
    await page.waitForFunction(
      () => {
        const handle = (window as unknown as { __maskscope?: { getState(): Snapshot } })
          .__maskscope;
        const s = handle?.getState();
        if (s === undefined) return false;
        return s.runPhase === 'error' || (s.runPhase === 'done' && s.shownRunId === s.latestRunId);
      },
      null,
      { timeout: timeoutMs, polling: 100 },
    );
  } catch (error) {
    const state = await snapshot(page).catch(() => null);
    throw new Error(
      `the newest run was not painted: ${String(error)}\nstate: ${JSON.stringify(state)}`,
    );
  }
  const done = await snapshot(page);
  if (done.runPhase === 'error') throw new Error(`the run failed: ${done.runError ?? '?'}`);
  const root = page.getByTestId('app-root');
  await expect(root).toHaveAttribute('data-run-state', 'done');
  await expect(root).toHaveAttribute('data-run-id', String(done.latestRunId));
  return snapshot(page);
}
