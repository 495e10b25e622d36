import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import { contentTypeOf } from '../util/content-types.js';

/** Files of the built renderer; index.html is served for every other path, carrying the CSRF token for the app's own requests. */
export function serveRenderer(root: string, pathname: string, token: string, res: ServerResponse): void {
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The UI is not built: run "npm run build" first.\n');
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Malformed percent-encoding in the path.\n');
    return;
  }
  const file = normalize(join(root, decoded));
  if (
    pathname !== '/' &&
    file.startsWith(root + sep) &&
    existsSync(file) &&
    statSync(file).isFile() &&
    !file.endsWith('index.html')
  ) {
    res.writeHead(200, {
      'content-type': contentTypeOf(file),
      // Vite names built assets by content hash
      'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(res);
    return;
  }
  const html = readFileSync(index, 'utf8').replace('<head>', `<head><meta name="junction-token" content="${token}">`);
  res.writeHead(200, { 'content-type': contentTypeOf('index.html'), 'cache-control': 'no-store' });
  res.end(html);
}
