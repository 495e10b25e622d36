import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../checks/contract.js';
import { documentationConformance } from '../../checks/documentation-conformance.js';
import { documentationLint } from '../../checks/documentation-lint.js';
import { documentationSpec } from '../../checks/documentation-spec.js';
import { securityAuth } from '../../checks/security-auth.js';
import { authGatherer } from '../../src/gather/auth.js';
import { conformanceGatherer } from '../../src/gather/conformance.js';
import { specGatherer } from '../../src/gather/spec.js';
import { makeSystem } from '../helpers/estate.js';
import { gatherContext } from '../helpers/gather.js';
import { startPrism, type RunningPrism } from '../helpers/prism.js';
import { corpusPath } from '../helpers/corpus.js';

const CAFE = corpusPath('openapi/multifile/redocly-cafe/openapi.yaml');

describe('an audit of a multi-file spec (Redocly Cafe) served by Prism', () => {
  let prism: RunningPrism;
  beforeAll(async () => {
    prism = await startPrism(CAFE, '/menu');
  });
  afterAll(() => prism?.stop());

  it('documentation, security.auth and conformance see every operation behind the refs', async () => {
    const system = makeSystem({ baseUrl: prism.baseUrl, spec: CAFE });
    const context = gatherContext(system);
    const spec = await specGatherer.gather(context);
    assert.equal(spec.valid, true, JSON.stringify(spec.problems));
    assert.equal(spec.operations.length, 12);
    assert.equal(spec.webhooks, 1);
    // the webhook is indexed apart: the cafe sends it, so neither conformance nor security.auth below calls it
    assert.deepEqual(
      spec.webhookOperations?.map((operation) => `${operation.method} ${operation.path}`),
      ['POST order-notification'],
    );
    const documented = documentationSpec.judge({ spec }, system, DEFAULT_SETTINGS);
    // valid; it warns only because the spec's server is the public cafe, not the mock
    assert.equal(documented.status, 'warn');
    assert.match(documented.summary, /is valid, but none of its servers/);

    // the lint judges the operations in their files: four unsafe ones, the first written in paths/menu.yaml
    const idempotency = spec.lint?.find((result) => result.rule === 'junction-idempotency');
    assert.equal(idempotency?.count, 4);
    assert.deepEqual((({ pointer, file, line }) => ({ pointer, file, line }))(idempotency.examples[0]), {
      pointer: '/paths/~1menu/post',
      file: 'paths/menu.yaml',
      line: 35,
    });
    const lint = documentationLint.judge({ spec }, system, DEFAULT_SETTINGS);
    assert.match(JSON.stringify(lint.evidence), /\/paths\/~1menu\/post \(paths\/menu\.yaml line 35\)/);
    // and each row carries the path of the file it was written in and its line, which SARIF points at
    const row = lint.evidence
      .flatMap((item) => (item.kind === 'table' ? item.rows : []))
      .find((candidate) => candidate.rule === 'junction-idempotency');
    assert.deepEqual([row?.file, row?.line], [CAFE.replace(/openapi\.yaml$/, 'paths/menu.yaml'), 35]);

    // conformance calls the safe operations it can fill (the order id comes from an example in a parameter file)
    const conformance = await conformanceGatherer.gather(context);
    assert.deepEqual(
      conformance.calls.map((call) => `${call.method} ${call.path} ${call.sample.status}`),
      ['GET /menu 200', 'GET /orders 401', 'GET /orders/{orderId} 401', 'GET /revenue 401'],
    );
    assert.equal(conformance.calls.length + conformance.skipped.length, 12);
    assert.equal(documentationConformance.judge({ conformance }, system, DEFAULT_SETTINGS).status, 'pass');

    // security.auth reads each operation's security from its own file; Prism refuses the anonymous calls
    const auth = await authGatherer.gather(context);
    assert.ok(auth.spec && !('error' in auth.spec));
    assert.equal(auth.spec.operations.length, 12);
    const verdict = securityAuth.judge({ auth }, system, DEFAULT_SETTINGS);
    assert.equal(verdict.status, 'fail');
    assert.equal(
      verdict.summary.split(';')[0],
      '3 of 12 operations without security (GET /menu, GET /menu-item-images/{menuItemId}, POST /oauth2/register)',
    );
    assert.ok('probes' in auth.live);
    assert.deepEqual(
      auth.live.probes.map((probe) => `${probe.method} ${probe.path} ${probe.anonymous.status}`),
      ['GET /orders 401', 'GET /orders/{orderId} 401'],
    );
  });
});
