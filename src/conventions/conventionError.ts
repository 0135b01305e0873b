/** Errors of the convention checker: a typed mask that cannot be read, or a shape an API refuses. */
export class ConventionError extends Error {
  override readonly name = 'ConventionError';
}
