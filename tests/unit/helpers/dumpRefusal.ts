// The message of a refused dump: `run` must throw a DumpError (the class, not only the text:
// a mutant that throws `undefined` passes `toThrow(message)`).
import { expect } from 'vitest';
import { DumpError } from '../../../src/dump/dumpError';

/** The message of the DumpError `run` throws; fails the test when it throws anything else, or nothing. */
export function refusalOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DumpError);
    return (error as Error).message;
  }
  throw new Error('expected a DumpError, and nothing was thrown');
}
