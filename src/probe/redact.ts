export const REDACTED = '[redacted]';

const ALWAYS_SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
]);

/**
 * Removes credentials from anything recorded as evidence: named secret headers, and every occurrence
 * of a known secret value in any string (URLs, bodies, error messages).
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly secretHeaders = new Set(ALWAYS_SECRET_HEADERS);

  addSecret(value: string | undefined): void {
    // Very short values would redact innocent text; credentials are never that short.
    if (value && value.length >= 4) this.secrets.add(value);
  }

  addSecretHeader(name: string): void {
    this.secretHeaders.add(name.toLowerCase());
  }

  text(value: string): string {
    let out = value;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
    }
    return out;
  }

  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] = this.secretHeaders.has(name.toLowerCase()) ? REDACTED : this.text(value);
    }
    return out;
  }

  /** Deep copy with every string redacted and every secret-named header masked. */
  deep<T>(value: T): T {
    return this.walk(value, undefined) as T;
  }

  private walk(value: unknown, key: string | undefined): unknown {
    if (typeof value === 'string') {
      return key !== undefined && this.secretHeaders.has(key.toLowerCase()) ? REDACTED : this.text(value);
    }
    if (Array.isArray(value)) return value.map((item) => this.walk(item, undefined));
    if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.walk(v, k);
      return out;
    }
    return value;
  }
}
