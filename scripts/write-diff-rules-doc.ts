// Regenerates docs/diff-rules.md from src/model/diff-rules.ts (test/unit/diff-rules.test.ts fails while it is behind).
// Run: npx tsx scripts/write-diff-rules-doc.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { diffRulesDoc } from '../src/report/diff-rules-doc.js';

export const DIFF_RULES_DOC = fileURLToPath(new URL('../docs/diff-rules.md', import.meta.url));

/** The page as it is committed: in the layout `npm run lint` holds every file to. */
export const formattedDiffRulesDoc = async (): Promise<string> =>
  format(diffRulesDoc(), { ...(await resolveConfig(DIFF_RULES_DOC)), filepath: DIFF_RULES_DOC });

if (process.argv[1]?.endsWith('write-diff-rules-doc.ts')) writeFileSync(DIFF_RULES_DOC, await formattedDiffRulesDoc());
