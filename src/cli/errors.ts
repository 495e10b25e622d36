/**
 * Exit codes: 0 ok, 1 findings at or above --fail-on (or an invalid spec), 2 usage or configuration error, 3 an
 * unexpected error (a bug: main.ts asks for a report).
 */
export const EXIT = { ok: 0, threshold: 1, usage: 2, bug: 3 } as const;

/** What a command's action hands its work to: main.ts turns the promised exit code (or the error) into the exit. */
export type Run = (code: Promise<number>) => void;
