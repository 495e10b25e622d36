/** An operation's refusal the caller can act on: hosts turn it into an HTTP status (or an IPC error) with the message. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 422,
    message: string,
    readonly issues?: { path: (string | number)[]; message: string }[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
