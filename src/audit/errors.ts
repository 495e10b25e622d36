/** A request the audit cannot take as given (an unknown check or system id, a run that does not exist): exit 2. */
export class UsageError extends Error {}
