import type { DemoCertificates } from './certificates.js';
import { json } from './listen.js';
import { startService, type RunningService } from './service.js';

/**
 * A legacy ERP: still accepts TLS 1.0 and 1.1, serves the same API over plain HTTP, sends no HSTS,
 * leaks its product versions, has no OpenAPI spec and answers its health check slowly.
 */
export function startErp(certificates: DemoCertificates): Promise<RunningService> {
  return startService({
    certificates,
    minVersion: 'TLSv1',
    maxVersion: 'TLSv1.2',
    ciphers: 'DEFAULT@SECLEVEL=0',
    plain: 'serve',
    handler: (req, res) => {
      res.setHeader('server', 'Apache/2.2.15 (CentOS) PHP/5.3.3');
      res.setHeader('x-powered-by', 'PHP/5.3.3');
      const url = new URL(req.url ?? '/', 'http://erp');
      if (url.pathname === '/health') {
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('OK');
        }, 900);
        return;
      }
      if (url.pathname === '/api/stock') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(json({ items: [{ sku: 'A-100', onHand: 42 }] }));
        return;
      }
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body>Not Found</body></html>');
    },
  });
}
