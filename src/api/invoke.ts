import type { ApiContext } from './context.js';
import { API, isApiName } from './contract.js';
import { ApiError } from './errors.js';
import { ConfigError } from '../estate/errors.js';
import { UsageError } from '../util/usage-error.js';

export type InvokeResult =
  | { ok: true; value: unknown }
  | { ok: false; status: number; error: string; issues?: { path: (string | number)[]; message: string }[] };

const USAGE_STATUS: Record<UsageError['kind'], number> = { invalid: 400, 'not-found': 404, conflict: 409 };

/** Validates the input of a named operation against its schema and runs it: the one dispatcher every host uses. */
export async function invoke(ctx: ApiContext, name: string, input: unknown): Promise<InvokeResult> {
  if (!isApiName(name)) return { ok: false, status: 404, error: `no operation "${name}"` };
  const operation = API[name];
  const parsed = operation.input.safeParse(input ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      status: 400,
      error: `invalid input for ${name}`,
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.map((part) => (typeof part === 'number' ? part : String(part))),
        message: issue.message,
      })),
    };
  }
  try {
    // Each operation's handler is typed against its own schema; the record lookup loses that link.
    const value = await (operation.handler as (ctx: ApiContext, input: unknown) => Promise<unknown>)(ctx, parsed.data);
    return { ok: true, value: value ?? null };
  } catch (error) {
    if (error instanceof ApiError)
      return { ok: false, status: error.status, error: error.message, issues: error.issues };
    if (error instanceof ConfigError) return { ok: false, status: 422, error: error.describe() };
    if (error instanceof UsageError) return { ok: false, status: USAGE_STATUS[error.kind], error: error.message };
    throw error;
  }
}
