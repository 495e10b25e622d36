import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Files of the built renderer; index.html is served for every other path, carrying the CSRF token for the app's own requests. */
export function serveRenderer(root: string, pathname: string, token: string, res: ServerResponse): void {
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The UI is not built: run "npm run build" first.\n');
    return;
  }
  const file = normalize(join(root, decodeURIComponent(pathname)));
  if (pathname !== '/' && file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile() && !file.endsWith('index.html')) {
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      // Vite names built assets by content hash
      'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(res);
    return;
  }
  const html = readFileSync(index, 'utf8').replace('<head>', `<head><meta name="junction-token" content="${token}">`);
  res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-store' });
  res.end(html);
}
