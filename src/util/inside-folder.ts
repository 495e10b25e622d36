import { isAbsolute, relative } from 'node:path';

/** Whether `path` is `folder` or lies below it (both absolute; no file system access, so links are the caller's job). */
export function isInsideFolder(folder: string, path: string): boolean {
  const rest = relative(folder, path);
  return rest === '' || (!rest.startsWith('..') && !isAbsolute(rest));
}
