/**
 * A request the user can correct: an unknown id, a bad flag, a run that has not finished. The CLI prints the message
 * and exits 2; the api answers it as 400, 404 or 409 by its kind. Anything else that is thrown is a bug.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'not-found' | 'conflict' = 'invalid',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
