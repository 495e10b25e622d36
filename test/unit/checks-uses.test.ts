/**
 * A check's `uses` artifacts (checks/contract.ts): gathered with the ones it requires, handed to judge when gathered,
 * and left out, with the verdict still the check's own, when their gatherer fails. A failed `requires` artifact
 * still makes the verdict an error. The runner, a real workspace and its store; the gatherers read no network.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { defineCheck } from '../../checks/contract.js';
import { runAudit } from '../../src/audit/runner.js';
import { openContext } from '../../src/estate/context.js';
import { flowsGatherer } from '../../src/gather/flows.js';
import { attestationsGatherer } from '../../src/gather/attestations.js';
import { tempWorkspace } from '../helpers/estate.js';

const usesFlows = defineCheck({
  id: 'attested.other',
  category: 'Documentation',
  basis: 'attested',
  title: 'Reads the flows when it can',
  failureTitle: 'Reads the flows when it can',
  description: 'A test check. Learn more: https://example.test/',
  requires: ['attestations'],
  uses: ['flows'],
  appliesTo: () => true,
  judge: ({ flows }) => ({
    status: 'pass',
    summary: flows ? `flows over ${flows.systems.length} systems` : 'judged without the flows',
    evidence: [],
  }),
});

const failing = <T extends { gather: unknown }>(gatherer: T): T => ({
  ...gatherer,
  gather: () => Promise.reject(new Error('store unreadable')),
});

async function audit(gatherers: Parameters<typeof runAudit>[1]['gatherers']) {
  const dir = tempWorkspace(`version: 1
name: Uses
systems:
  - id: orders
    name: Orders
    baseUrl: https://127.0.0.1:9
`);
  const context = openContext(dir, { vaultKey: () => Buffer.alloc(32, 7) });
  try {
    const result = await runAudit(
      context.workspace,
      { store: context.store, vault: context.vault, checks: [usesFlows], gatherers },
      {},
    );
    return result.findings.map((finding) => [finding.status, finding.summary]);
  } finally {
    context.close();
  }
}

describe("a check's uses artifacts", () => {
  it('are handed to judge when gathered', async () => {
    assert.deepEqual(await audit({}), [['pass', 'flows over 1 systems']]);
  });

  it('leave the verdict to the check when their gatherer fails', async () => {
    assert.deepEqual(await audit({ flows: failing(flowsGatherer) }), [['pass', 'judged without the flows']]);
  });

  it('unlike a required artifact, whose failure is an error', async () => {
    assert.deepEqual(await audit({ attestations: failing(attestationsGatherer) }), [
      ['error', 'Could not gather attestations: store unreadable'],
    ]);
  });
});
