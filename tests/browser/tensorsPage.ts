// Driving "Your tensors" in a Playwright page: dropping files on it the way a browser does and
// waiting until the newest check is painted.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

/** The fields of the exposed state the tensors specs read. */
export interface TensorSnapshot {
  readonly tensorPhase: string;
  readonly latestCheckId: number;
  readonly shownCheckId: number;
  readonly layout: string | null;
  readonly family: string | null;
}

/** Waits until the newest check of the tensors is shown and painted; returns the state then. */
export async function waitForCheck(page: Page): Promise<TensorSnapshot> {
  const read = () =>
    page.evaluate(() =>
      (window as unknown as { __maskscope: { getState(): TensorSnapshot } }).__maskscope.getState(),
    );
  await expect
    .poll(async () => {
      const s = await read();
      return s.tensorPhase === 'done' && s.shownCheckId === s.latestCheckId;
    })
    .toBe(true);
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-run-state', 'done');
  return read();
}

/** Drops a file of `bytes` named `name` on the drop zone: a drop event with a DataTransfer. */
export async function dropBytes(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ fileName, data }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], fileName));
      return dt;
    },
    { fileName: name, data: [...bytes] },
  );
  await page.getByTestId('tensors-drop').dispatchEvent('drop', { dataTransfer: transfer });
}

/** Drops the file `file` of folder `dir` on the drop zone. */
export function drop(page: Page, file: string, dir: string): Promise<void> {
  return dropBytes(page, file, readFileSync(`${dir}/${file}`));
}
