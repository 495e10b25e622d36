/** Text safe inside HTML, SVG and XML element content and double-quoted attributes. */
export const escapeHtml = (text: unknown): string =>
  String(text).replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
