// Regenerates docs/report.schema.json from the zod definition (a test checks it is current).
import { writeFileSync } from 'node:fs';
import { reportJsonSchema } from '../src/report/json-schema.js';

writeFileSync(
  new URL('../docs/report.schema.json', import.meta.url),
  JSON.stringify(reportJsonSchema(), null, 2) + '\n',
);
