// The pad position numbering beside the padding side: Hugging Face's by default, said in words
// for the side that runs, another one chosen from the picker and kept in the URL.
import { expect, test } from '@playwright/test';
import { waitForRun } from './appPage';

test('the picker says which pad positions run and keeps another choice in the URL', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&pad=4');
  await waitForRun(page);
  const note = page.getByTestId('pad-numbering-note');
  await expect(page.getByTestId('pad-numbering')).toHaveValue('huggingface');
  await expect(note).toHaveText(
    'Runs: real tokens 0…n-1, pads numbered by index t (Hugging Face: BertModel default 0…T-1)',
  );
  await page.getByTestId('padding-side').selectOption('left');
  await expect(note).toHaveText(
    'Runs: real tokens 0…n-1, pads at 1 (Hugging Face: generate recipe)',
  );
  await page.getByTestId('pad-numbering').selectOption('zero');
  await expect(note).toHaveText('Runs: real tokens 0…n-1, pads at 0');
  await expect(page).toHaveURL(/[?&]pos=zero(&|$)/);
  await waitForRun(page);
  await page.reload();
  await expect(page.getByTestId('pad-numbering')).toHaveValue('zero');
});
