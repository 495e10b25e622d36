import type { SpecOperation } from '../model/artifacts/spec.js';
import type { IngestedSpec } from './ingest.js';
import type { RuleModule } from './lint-context.js';
import { joinPointer } from './parse.js';
import { schemaShape } from './schema-shape.js';

const PAGINATION =
  /^(limit|page|page_?size|per_?page|offset|cursor|after|before|starting_after|ending_before|next|page_?token|continue|max_?results|top|skip|\$top|\$skip)$/i;
const COLLECTION_PROPERTIES = /^(data|items|results|records|entries|list|values|elements|content)$/i;

/** Junction's integration rules: what a team integrating with the API needs beyond a valid, tidy spec. */
export const junctionRules: RuleModule = ({ spec, report }) => {
  for (const operation of spec.index.operations) {
    const label = `${operation.method} ${operation.path}`;
    const at = operation.pointer;
    if (!operation.responses.some((response) => /^4/.test(response.status) || response.status === 'default'))
      report('junction-error-responses', joinPointer(at, 'responses'), `${label} documents no error response`);
    if (!operation.responses.some((response) => response.status === '429'))
      report('junction-rate-limit-response', joinPointer(at, 'responses'), `${label} documents no 429`);
    if (operation.security.length === 0 && operation.securitySource === 'none')
      report('junction-operation-security', at, `${label} declares no security`);
    if (isUnpaginatedCollection(spec, operation))
      report('junction-pagination', at, `${label} returns a collection without pagination parameters`);
    if (
      (operation.method === 'POST' || operation.method === 'PATCH') &&
      !operation.parameters.some((parameter) => parameter.in === 'header' && /^idempotency-key$/i.test(parameter.name))
    )
      report('junction-idempotency', at, `${label} accepts no Idempotency-Key`);
  }
  return undefined;
};

/** A GET on a path that does not end in a parameter, answering an array (or an object wrapping one), with no paging parameter. */
function isUnpaginatedCollection(spec: IngestedSpec, operation: SpecOperation): boolean {
  if (operation.method !== 'GET' || /\}$/.test(operation.path)) return false;
  if (operation.parameters.some((parameter) => parameter.in === 'query' && PAGINATION.test(parameter.name)))
    return false;
  const success = operation.responses.find((response) => /^2/.test(response.status));
  const schema = success?.content.find((media) => /json/.test(media.mediaType))?.schema;
  if (!schema) return false;
  if (schema.type === 'array') return true;
  if (schema.type !== 'object') return false;
  const shape = schemaShape(spec.documents, spec.documents.at(schema.pointer));
  return [...(shape?.properties.entries() ?? [])].some(([name, property]) => {
    if (!COLLECTION_PROPERTIES.test(name)) return false;
    const inner = schemaShape(spec.documents, property);
    return inner?.types?.has('array') === true;
  });
}
