/** max-age of a Strict-Transport-Security header (RFC 6797 §6.1), or undefined when absent or malformed. */
export function hstsMaxAge(header: string | undefined): number | undefined {
  const match = header && /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(header);
  return match ? Number(match[1]) : undefined;
}
