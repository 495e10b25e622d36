/** A spec, $ref or file named in junction.yaml is read over HTTP when it is an http(s) URL, else from the workspace. */
export const isHttpUrl = (location: string): boolean => /^https?:\/\//i.test(location);

const segmentsOf = (path: string) => path.replace(/\\/g, '/').split('/');

/** `file` seen from the folder of `entry`, both named from the same folder (the spec root). */
function besideEntry(entry: string, file: string): string {
  const folder = segmentsOf(entry).slice(0, -1);
  const parts = segmentsOf(file);
  let common = 0;
  while (common < folder.length && common < parts.length - 1 && folder[common] === parts[common]) common++;
  return [...folder.slice(common).map(() => '..'), ...parts.slice(common)].join('/');
}

/**
 * The path (or URL) of one file of a spec read from `source`, as junction.yaml and SARIF name files. A spec's files
 * are named from its root folder, which is the workspace by default, systems[].specRoot, or the entry's own folder;
 * `entry` is the entry's name among them, so each file is placed beside the entry first: `specs/schemas.yaml` of the
 * entry `specs/orders.yaml` (root: the workspace) and `schemas.yaml` of the entry `orders.yaml` (root: its folder)
 * both give `specs/schemas.yaml` for the source `specs/orders.yaml`. Without an entry, files are taken as named from
 * the entry's folder. Without a file (the entry itself), the source.
 */
export function specFile(source: string, file: string | undefined, entry?: string): string {
  if (!file) return source;
  if (isHttpUrl(file)) return file;
  const fromEntry = entry !== undefined && !isHttpUrl(entry) ? besideEntry(entry, file) : file;
  if (isHttpUrl(source)) return new URL(fromEntry, source).toString();
  const segments = segmentsOf(source).slice(0, -1);
  for (const part of segmentsOf(fromEntry)) {
    const last = segments.at(-1);
    if (part === '..') {
      if (last !== undefined && last !== '..' && last !== '' && last !== '.') segments.pop();
      else segments.push('..');
    } else if (part !== '.' && part !== '') segments.push(part);
  }
  return segments.join('/');
}
