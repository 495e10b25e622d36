import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

/**
 * A validator for the OASIS SARIF 2.1.0 JSON schema (rtm.5, draft-04), as shipped inside @microsoft/jest-sarif:
 * read from node_modules, never downloaded.
 */
export function sarifValidator() {
  const file = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as object;
  // unicodeRegExp off: the schema's `language` pattern has a stray "]" that only non-unicode regular expressions accept.
  const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}
