/** Text safe inside HTML, SVG and XML element content and double-quoted attributes. */
export const escapeHtml = (text: unknown): string =>
  String(text).replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Text safe in XML 1.0 element content and attributes: escaped, and without the control characters XML cannot carry. */
export const escapeXml = (text: string): string =>
  text
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    // XML 1.0 cannot carry most control characters, even escaped.
    // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these control characters: they are what we remove
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
