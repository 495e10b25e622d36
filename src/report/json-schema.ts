import { z } from 'zod';
import { REPORT_SCHEMA_VERSION, reportSchema } from './schema.js';

/** The JSON report's schema as JSON Schema (draft 2020-12), for consumers outside TypeScript. */
export function reportJsonSchema(): object {
  return {
    $id: `urn:junction:report:v${REPORT_SCHEMA_VERSION}`,
    title: 'Junction readiness report',
    ...z.toJSONSchema(reportSchema, { io: 'output' }),
  };
}
