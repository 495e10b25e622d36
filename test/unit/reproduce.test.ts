import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { autocannonCommand, curlCommand, opensslCommand } from '../../checks/lib/reproduce.js';
import { systemSchema, type System } from '../../src/model/estate.js';

const system = (fields: Record<string, unknown>): System =>
  systemSchema.parse({ id: 'erp', name: 'ERP', baseUrl: 'https://127.0.0.1:8443', ...fields });
const get = (url: string, headers: Record<string, string> = {}) => ({ method: 'GET', url, headers });

describe('reproduce commands', () => {
  it('name the variable of an ${env:…} credential, with its scheme, and never a value', () => {
    const bearer = system({ auth: { type: 'bearer', token: '${env:ERP_TOKEN}' } });
    assert.equal(
      curlCommand(
        get('https://127.0.0.1:8443/v1/orders?limit=5', { authorization: '[redacted]', accept: 'application/json' }),
        bearer,
      ),
      `curl -sS -i -H "authorization: Bearer $ERP_TOKEN" -H 'accept: application/json' 'https://127.0.0.1:8443/v1/orders?limit=5'`,
    );
    const basic = system({ auth: { type: 'basic', username: 'svc', password: '${env:ERP_PASSWORD}' } });
    assert.match(
      curlCommand(get('https://127.0.0.1:8443/', { Authorization: '[redacted]' }), basic),
      / -u "svc:\$ERP_PASSWORD" /,
    );
    const apiKey = system({ auth: { type: 'api-key', header: 'X-Api-Key', value: '${env:ERP_KEY}' } });
    assert.match(
      curlCommand(get('https://127.0.0.1:8443/', { 'x-api-key': '[redacted]' }), apiKey),
      /-H "x-api-key: \$ERP_KEY"/,
    );
    const oauth = system({
      auth: {
        type: 'oauth2-client-credentials',
        tokenUrl: 'https://127.0.0.1:9000/token',
        clientId: 'c',
        clientSecret: '${env:SECRET}',
      },
    });
    assert.match(
      curlCommand(get('https://127.0.0.1:8443/', { authorization: '[redacted]' }), oauth),
      /Bearer \$ERP_ACCESS_TOKEN/,
    );
  });

  it('method, CA file, server name and quoting as a shell needs them', () => {
    const named = system({ tls: { ca: 'certs/my ca.pem', servername: 'erp.internal' } });
    const command = curlCommand(
      { method: 'OPTIONS', url: 'https://127.0.0.1:8443/v1', headers: { origin: "https://o'brien.test", host: 'x' } },
      named,
    );
    assert.equal(
      command,
      `curl -sS -i -X OPTIONS --cacert 'certs/my ca.pem' --resolve erp.internal:8443:127.0.0.1 -H 'origin: https://o'\\''brien.test' https://erp.internal:8443/v1`,
    );
    assert.match(
      curlCommand({ method: 'HEAD', url: 'http://127.0.0.1/', headers: {} }, system({})),
      /^curl -sS -i -I http:\/\/127\.0\.0\.1\//,
    );
    assert.match(
      curlCommand(get('https://127.0.0.1:8443/?key=[redacted]'), system({})),
      /"https:\/\/127\.0\.0\.1:8443\/\?key=\$SECRET"$/,
    );
  });

  it('openssl s_client pins the version, the suite and lowers the security level for legacy versions', () => {
    const endpoint = { host: '127.0.0.1', port: 8443, servername: 'erp.internal' };
    assert.equal(
      opensslCommand(endpoint, 'TLSv1.1'),
      'openssl s_client -connect 127.0.0.1:8443 -servername erp.internal -tls1_1 -cipher DEFAULT:@SECLEVEL=0 </dev/null',
    );
    assert.equal(
      opensslCommand(endpoint, 'TLSv1.3', { suite: 'TLS_AES_128_GCM_SHA256' }),
      'openssl s_client -connect 127.0.0.1:8443 -servername erp.internal -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256 </dev/null',
    );
    assert.equal(
      opensslCommand({ host: '::1', port: 443 }, 'TLSv1.2', { suite: 'AES128-SHA', ca: 'ca.pem' }),
      "openssl s_client -connect '[::1]:443' -tls1_2 -cipher AES128-SHA -CAfile ca.pem -verify_return_error </dev/null",
    );
  });

  it('autocannon repeats a load step under the same rate cap', () => {
    const load = { url: 'https://127.0.0.1:8443/health', targetRps: 50, connections: 5, durationMs: 4000 };
    assert.equal(
      autocannonCommand(load, system({ tls: { ca: 'certs/ca.pem' }, auth: { credential: 'erp-token' } })),
      'NODE_EXTRA_CA_CERTS=certs/ca.pem npx autocannon -c 5 -d 4 --overallRate 50 -H "Authorization=$ERP_TOKEN" https://127.0.0.1:8443/health',
    );
  });
});
