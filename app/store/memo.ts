/**
 * Remembers the last result of `compute` and returns it while every argument is the same
 * (`Object.is`). Selectors built on it return stable references, which React and zustand
 * need to skip re-rendering.
 */
export function memoLast<Args extends readonly unknown[], Result>(
  compute: (...args: Args) => Result,
): (...args: Args) => Result {
  let lastArgs: Args | null = null;
  let lastResult: Result | undefined;
  return (...args: Args): Result => {
    if (
      lastArgs !== null &&
      lastArgs.length === args.length &&
      lastArgs.every((v, i) => Object.is(v, args[i]))
    ) {
      return lastResult as Result;
    }
    lastResult = compute(...args);
    lastArgs = args;
    return lastResult;
  };
}
