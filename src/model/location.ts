/** A spec, $ref or file named in junction.yaml is read over HTTP when it is an http(s) URL, else from the workspace. */
export const isHttpUrl = (location: string): boolean => /^https?:\/\//i.test(location);

/**
 * The path (or URL) of one file of a spec read from `source`, as junction.yaml and SARIF name files: a spec's other
 * files are named relative to its entry's folder (`schemas.yaml`, `../common/errors.yaml`), so `specs/orders.yaml`
 * and `schemas.yaml` give `specs/schemas.yaml`. Without a file (the entry itself), the source.
 */
export function specFile(source: string, file: string | undefined): string {
  if (!file) return source;
  if (isHttpUrl(file)) return file;
  if (isHttpUrl(source)) return new URL(file, source).toString();
  const segments = source.replace(/\\/g, '/').split('/').slice(0, -1);
  for (const part of file.replace(/\\/g, '/').split('/')) {
    const last = segments.at(-1);
    if (part === '..') {
      if (last !== undefined && last !== '..' && last !== '' && last !== '.') segments.pop();
      else segments.push('..');
    } else if (part !== '.' && part !== '') segments.push(part);
  }
  return segments.join('/');
}
