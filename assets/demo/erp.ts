import type { DemoCertificates } from './certificates.js';
import { json } from './listen.js';
import { startService, type RunningService } from './service.js';

/**
 * A legacy ERP: still accepts TLS 1.0 and 1.1, serves the same API over plain HTTP, sends no HSTS,
 * leaks its product versions, has no OpenAPI spec, answers its health check slowly and its certificate expires in 20 days.
 */
export function startErp(certificates: DemoCertificates): Promise<RunningService> {
  return startService({
    certificates: { ...certificates, cert: certificates.erpCert, key: certificates.erpKey },
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
      // the legacy router throws on unknown routes and prints the exception, stack trace and all
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end(
        `<br /><b>Fatal error</b>: Uncaught exception 'RouteNotFoundException' with message 'No route ` +
          `for ${url.pathname.replace(/[<>&]/g, '')}' in /var/www/erp/lib/Router.php:88\n` +
          'Stack trace:\n#0 /var/www/erp/index.php(12): Router->dispatch()\n#1 {main}\n  thrown in <b>/var/www/erp/lib/Router.php</b> on line <b>88</b><br />',
      );
    },
  });
}
