/**
 * The exit status of a check, defined once (issue 22): 0 every head is correct, 1 a bug was
 * found and stated with its evidence, 2 the input cannot be read (the CLI's refusals), 3 the
 * check cannot tell (no padding to test, a degenerate or undecidable input, a layout or mask
 * polarity that is only a guess between a bug and no bug). Never 1 on a guess, never 0 on a
 * guess either.
 */
import type { Confidence } from './axisLayout';
import type { Family } from './fingerprint';

/** The exit statuses, by meaning. */
export const EXIT = { correct: 0, bug: 1, unreadable: 2, cannotTell: 3 } as const;

/** How sure the verdict is: `cannot-tell` goes with exit 3. */
export type VerdictConfidence = 'sure' | 'likely' | 'cannot-tell';

/** A verdict's exit status, how sure it is, and why when it cannot tell. */
export interface Outcome {
  readonly status: 0 | 1 | 3;
  readonly confidence: VerdictConfidence;
  /** Why the check cannot tell; null otherwise. */
  readonly why: string | null;
}

/** What the outcome of one checked attention depends on. */
export interface OutcomeInputs {
  readonly family: Family;
  readonly layoutConfidence: Confidence;
  readonly isLayoutDeclared: boolean;
  /** True when the mask's guessed polarity alone decides between a bug and no bug. */
  readonly isPolarityDeciding: boolean;
}

/** The outcome of one checked attention. */
export function outcomeOf(inputs: OutcomeInputs): Outcome {
  const { family } = inputs;
  if (family === 'unknown') {
    return {
      status: 3,
      confidence: 'cannot-tell',
      why: 'no known verdict fits, or nothing could leak',
    };
  }
  if (!inputs.isLayoutDeclared && inputs.layoutConfidence === 'unsure') {
    return {
      status: 3,
      confidence: 'cannot-tell',
      why: 'the layout is a guess: declare it with --layout',
    };
  }
  if (inputs.isPolarityDeciding) {
    return {
      status: 3,
      confidence: 'cannot-tell',
      why: "the mask's polarity is a guess: declare it with --convention",
    };
  }
  const confidence = inputs.layoutConfidence === 'likely' ? 'likely' : 'sure';
  return { status: family === 'correct' ? 0 : 1, confidence, why: null };
}

/** Several outcomes (mode A and mode B of a Run JSON) as one: a bug wins, then cannot-tell. */
export function worstOutcome(outcomes: readonly Outcome[]): Outcome {
  const bug = outcomes.find((outcome) => outcome.status === 1);
  const unsure = outcomes.find((outcome) => outcome.status === 3);
  return (
    bug ?? unsure ?? outcomes[0] ?? { status: 3, confidence: 'cannot-tell', why: 'nothing checked' }
  );
}
