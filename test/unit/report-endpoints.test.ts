/**
 * The report's endpoint section (src/report/endpoints.ts) in HTML and Markdown, on findings the checks judged from
 * the endpoint-level fixture (test/fixtures/artifacts/flows/operations-estate.json): per system its shadow endpoints,
 * unused operations, the consumers of each breaking change and its slowest operations, exactly as the findings say.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_SETTINGS, type Check } from '../../checks/contract.js';
import { documentationShadowEndpoints } from '../../checks/documentation-shadow-endpoints.js';
import { documentationUnusedOperations } from '../../checks/documentation-unused-operations.js';
import { monitoringLatency } from '../../checks/monitoring-latency.js';
import { versioningBreakingChanges } from '../../checks/versioning-breaking-changes.js';
import type { ArtifactMap } from '../../src/model/artifacts/map.js';
import type { SpecArtifact } from '../../src/model/artifacts/spec.js';
import type { Finding } from '../../src/model/finding.js';
import { endpointSystems } from '../../src/report/endpoints.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { makeSystem } from '../helpers/estate.js';
import { recordedArtifact } from '../helpers/recorded.js';
import { sampleReport } from '../helpers/report.js';

const WINDOW = 'traffic 2025-11-24 16:00 – 2025-12-01 16:00 UTC';

function specOf(): SpecArtifact {
  const spec = recordedArtifact('spec', 'express-undocumented-429');
  const [template] = spec.operations;
  const operation = (method: 'GET' | 'POST' | 'PATCH', path: string) => ({ ...template, method, path });
  return {
    ...spec,
    source: 'specs/orders.yaml',
    version: '1.1.0',
    operations: [
      operation('GET', '/orders'),
      operation('GET', '/orders/{orderId}'),
      operation('POST', '/orders'),
      operation('PATCH', '/orders/{orderId}'),
      operation('GET', '/orders/{orderId}/history'),
    ],
    previous: {
      source: 'specs/orders-1.0.yaml',
      specVersion: '3.0.3',
      title: 'Orders',
      version: '1.0.0',
      hash: 'b'.repeat(64),
      bytes: 1,
      files: 1,
      diff: {
        breaking: 2,
        changes: [
          {
            id: 'api-removed-without-deprecation',
            level: 'ERR',
            breaking: true,
            message: 'DELETE /orders/{orderId} was removed without being deprecated first',
            operation: { method: 'DELETE', path: '/orders/{orderId}' },
          },
          {
            id: 'new-required-request-parameter',
            level: 'ERR',
            breaking: true,
            message: 'GET /orders/{orderId}/history: new required query parameter "since"',
            operation: { method: 'GET', path: '/orders/{orderId}/history' },
          },
        ],
      },
    },
  };
}

/** The four endpoint checks judged for each system as the runner would, on the same artifacts. */
function judged(systems: string[], flows = recordedArtifact('flows', 'operations-estate')): Finding[] {
  const artifacts: Pick<ArtifactMap, 'spec' | 'flows' | 'http'> = {
    spec: specOf(),
    flows,
    http: recordedArtifact('http', 'slow-250ms'),
  };
  const checks = [
    documentationShadowEndpoints,
    documentationUnusedOperations,
    versioningBreakingChanges,
    monitoringLatency,
  ] as unknown as Check[];
  return systems.flatMap((id) => {
    const system = makeSystem({ id, name: id, baseUrl: `http://127.0.0.1:8080/${id}`, spec: 'specs/orders.yaml' });
    return checks.map((check) => ({
      checkId: check.id,
      systemId: id,
      category: check.category,
      ...check.judge(artifacts as ArtifactMap, system, DEFAULT_SETTINGS),
    }));
  });
}

const systemsOf = (ids: string[]) =>
  ids.map((id) => ({ id, name: `${id} service`, baseUrl: `http://127.0.0.1/${id}` }));
const sectionOf = (html: string, id: string) => {
  const start = html.indexOf(`<section id="${id}">`);
  assert.ok(start >= 0, `section ${id}`);
  return html.slice(start, html.indexOf('</section>', start));
};
const rowsText = (html: string) =>
  [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1].replace(/<[^>]+>/g, '')).join(' | '),
  );

describe('the endpoint section of the report', () => {
  const findings = judged(['orders', 'billing']);
  const report = sampleReport({
    systems: systemsOf(['orders', 'billing']),
    findings,
    flowWindow: { from: '2025-11-24T16:00:00.000Z', until: '2025-12-01T16:00:00.000Z', text: WINDOW },
  });

  it('reads each part from the finding that concluded it, nothing recomputed', () => {
    const [orders, billing] = endpointSystems(report);
    assert.deepEqual(
      orders.parts.map((part) => [part.title, part.verdict?.status, part.tables.map((table) => table.rows.length)]),
      [
        ['Shadow endpoints', 'fail', [3]],
        ['Unused operations', 'warn', [2]],
        ['Breaking changes and their consumers', 'fail', [2]],
        // the latency finding's verdict is on Junction's baseline requests: only its operation tables are shown
        ['Slowest and most failing operations', undefined, [5, 3]],
      ],
    );
    for (const part of orders.parts) {
      const finding = findings.find(
        (candidate) => candidate.systemId === 'orders' && candidate.checkId === part.checkId,
      )!;
      if (part.verdict) assert.deepEqual(part.verdict, { status: finding.status, summary: finding.summary });
      for (const table of part.tables)
        assert.ok(finding.evidence.includes(table), `${part.title}: the finding's own table`);
    }
    // billing is not observed: two skips that say so, and a breaking change whose consumers are unknown
    assert.deepEqual(
      billing.parts.map((part) => [part.title, part.verdict?.status]),
      [
        ['Shadow endpoints', 'skip'],
        ['Unused operations', 'skip'],
        ['Breaking changes and their consumers', 'fail'],
      ],
    );
    assert.match(billing.parts[2].verdict!.summary, /consumers unknown: billing's incoming traffic is not observed/);
  });

  it('renders in HTML per system: the shadow endpoints, unused operations, consumers and slowest operations', () => {
    const html = sectionOf(renderHtml(report), 'endpoints');
    assert.match(html, /<h2>Endpoints per system<\/h2>/);
    assert.ok(html.includes(`called each operation a breaking change affects, over ${WINDOW}.`), 'the window');
    const orders = html.slice(html.indexOf('<h3>orders service</h3>'), html.indexOf('<h3>billing service</h3>'));
    assert.ok(orders.length > 0 && html.includes('<h3>billing service</h3>'));
    const rows = rowsText(orders);
    assert.ok(rows.includes('GET | /internal/export | 40 | 0 | 420 ms | crm ×40'), rows.join('\n'));
    assert.ok(rows.includes('PATCH | /orders/{orderId} | updateOrder | no'), rows.join('\n'));
    assert.ok(
      rows.some((row) =>
        row.startsWith(
          'ERR | api-removed-without-deprecation | DELETE /orders/{orderId} was removed without being deprecated ' +
            'first | DELETE /orders/{orderId} | 3 | shop ×3',
        ),
      ),
      rows.join('\n'),
    );
    assert.ok(
      rows.some((row) => row.includes(`GET /orders/{orderId}/history | 0 | nobody over ${WINDOW} (lower risk)`)),
      rows.join('\n'),
    );
    assert.ok(rows.includes('GET | /orders/{orderId} | 80 | 2.5 | 610 ms | shop ×80'), rows.join('\n'));
    const billing = html.slice(html.indexOf('<h3>billing service</h3>'));
    assert.match(billing, /billing&#39;s incoming traffic is not observed over /);
    assert.doesNotMatch(billing, /nobody/);
  });

  it('renders the same parts in Markdown', () => {
    const markdown = renderMarkdown(report);
    const section = markdown.slice(markdown.indexOf('## Endpoints per system'), markdown.indexOf('## Findings'));
    assert.ok(section.startsWith('## Endpoints per system'));
    assert.match(section, /### orders service\n\n#### ❌ fail Shadow endpoints \(`documentation.shadow-endpoints`\)/);
    assert.match(section, /\| GET \| \/internal\/export \| 40 \| 0 \| 420 ms \| crm ×40 \|/);
    assert.match(section, /\| PATCH \| \/orders\/\{orderId\} \| updateOrder \| no \|/);
    assert.match(section, /\| DELETE \/orders\/\{orderId\} \| 3 \| shop ×3 \|/);
    assert.match(section, new RegExp(`\\| 0 \\| nobody over ${WINDOW.replace(/[()]/g, '\\$&')} \\(lower risk\\) \\|`));
    assert.match(section, /#### ⚠️ warn Unused operations/);
    assert.match(
      section,
      /#### Slowest and most failing operations \(`monitoring.latency`\)\n\n\*\*Slowest operations of orders/,
    );
    assert.match(section, /### billing service[\s\S]*consumers unknown: billing's incoming traffic is not observed/);
  });

  it('escapes what callers call themselves, and lists no system nothing was judged for', () => {
    const flows = recordedArtifact('flows', 'operations-estate');
    const orders = flows.operations!.find((entry) => entry.system === 'orders')!;
    orders.operations.find((row) => row.path === '/internal/export')!.consumers = [
      { system: '<img src=x onerror=alert(1)>', count: 40 },
    ];
    const html = renderHtml(sampleReport({ systems: systemsOf(['orders']), findings: judged(['orders'], flows) }));
    const section = sectionOf(html, 'endpoints');
    assert.doesNotMatch(section, /<img/);
    assert.match(section, /&lt;img src=x onerror=alert\(1\)&gt; ×40/);

    const nothing = sampleReport({ systems: systemsOf(['shop']), findings: [] });
    assert.deepEqual(endpointSystems(nothing), []);
    assert.match(sectionOf(renderHtml(nothing), 'endpoints'), /No system was judged on its endpoint-level traffic/);
    assert.doesNotMatch(renderMarkdown(nothing), /## Endpoints per system/);
  });
});
