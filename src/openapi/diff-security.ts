// The diff of what is not one operation's parameters, bodies or responses: security requirements (per operation and
// global), security schemes and their OAuth flows, webhooks and component schemas.
import { DIFFERENCES } from '../model/diff-rules.js';
import type { IngestedSpec } from './ingest.js';
import { joinPointer } from './parse.js';
import type { Found } from './diff-schema.js';
import type { Located } from './schema-shape.js';
import { asObject, located, type Json, type OperationContext, type Side } from './diff-context.js';

const requirementKey = (entry: Record<string, string[]>) => Object.keys(entry).sort().join('+');
const isPublic = (requirements: Record<string, string[]>[]) =>
  requirements.length === 0 || requirements.some((entry) => Object.keys(entry).length === 0);

/**
 * Security requirements, as oasdiff names their changes. Junction judges two of them by what a client meets (see
 * DIFFERENCES): requiring credentials where none were needed, and accepting none of the credentials accepted before.
 */
export function compareSecurity(
  { label, old, now, add, oldOp, newOp }: OperationContext,
  before: IngestedSpec,
  after: IngestedSpec,
): void {
  const both = { old: located(old, oldOp.pointer), new: located(now, newOp.pointer) };
  const global = oldOp.securitySource !== 'operation' && newOp.securitySource !== 'operation';
  // document-level changes are reported once, by compareDocument
  if (global && JSON.stringify(before.index.security) !== JSON.stringify(after.index.security)) return;
  const oldKeys = new Map(oldOp.security.map((entry) => [requirementKey(entry), entry]));
  const newKeys = new Map(newOp.security.map((entry) => [requirementKey(entry), entry]));
  const wasPublic = isPublic(oldOp.security);
  const stillMet = wasPublic
    ? isPublic(newOp.security)
    : [...oldKeys.keys()].some((key) => newKeys.has(key)) || isPublic(newOp.security);
  for (const key of newKeys.keys()) {
    if (key === '' || oldKeys.has(key)) continue;
    add({
      id: 'api-security-added',
      level: 'INFO',
      differs: wasPublic && !stillMet ? DIFFERENCES['api-security-added'].reason : undefined,
      message: `${label}: security requirement ${key} added${wasPublic && !stillMet ? ': the operation is no longer public' : ''}`,
      ...both,
    });
  }
  for (const [key, entry] of oldKeys) {
    const next = newKeys.get(key);
    if (key === '') continue;
    if (!next) {
      add({
        id: 'api-security-removed',
        level: 'INFO',
        differs: !wasPublic && !stillMet ? DIFFERENCES['api-security-removed'].reason : undefined,
        message: `${label}: security requirement ${key} removed${!wasPublic && !stillMet ? ': no credential accepted before is accepted now' : ''}`,
        ...both,
      });
      continue;
    }
    for (const [scheme, scopes] of Object.entries(entry)) {
      const nextScopes = next[scheme] ?? [];
      for (const scope of scopes)
        if (!nextScopes.includes(scope))
          add({
            id: 'api-security-scope-removed',
            level: 'INFO',
            message: `${label}: ${scheme} no longer asks for scope ${scope}`,
            ...both,
          });
      for (const scope of nextScopes)
        if (!scopes.includes(scope))
          add({
            id: 'api-security-scope-added',
            level: 'INFO',
            message: `${label}: ${scheme} now asks for scope ${scope}`,
            ...both,
          });
    }
  }
}

/** Document-level changes: global security, security schemes, webhooks and component schemas. */
export function compareDocument(
  old: Side,
  now: Side,
  add: (change: Found) => void,
  before: IngestedSpec,
  after: IngestedSpec,
): void {
  const root = (side: Side) => asObject(side.set.root.value) ?? {};
  const [a, b] = [root(old), root(now)];
  const at = (side: Side, pointer: string): Located => ({ value: undefined, document: side.set.root, pointer });
  const oldGlobal = new Set(before.index.security.map(requirementKey));
  const newGlobal = new Set(after.index.security.map(requirementKey));
  const wasPublic = isPublic(before.index.security);
  const covered = after.index.operations.some((operation) => operation.securitySource === 'document');
  for (const key of newGlobal)
    if (key !== '' && !oldGlobal.has(key))
      add({
        id: 'api-global-security-added',
        level: 'INFO',
        differs:
          wasPublic && covered && !isPublic(after.index.security)
            ? DIFFERENCES['api-global-security-added'].reason
            : undefined,
        message: `document security requirement ${key} added`,
        new: at(now, '/security'),
      });
  for (const key of oldGlobal)
    if (key !== '' && !newGlobal.has(key))
      add({
        id: 'api-global-security-removed',
        level: 'INFO',
        message: `document security requirement ${key} removed`,
        old: at(old, '/security'),
      });
  const schemes = (side: Side, value: Json) => {
    const components =
      asObject(asObject(value.components)?.securitySchemes) ?? asObject(value.securityDefinitions) ?? {};
    return new Map(
      Object.entries(components).map(([name, scheme]) => [
        name,
        asObject(side.set.deref(scheme, side.set.root, '')?.value) ?? {},
      ]),
    );
  };
  const [x, y] = [schemes(old, a), schemes(now, b)];
  const schemesPointer = (value: Json) => (value.swagger ? '/securityDefinitions' : '/components/securitySchemes');
  for (const [name, scheme] of x) {
    const next = y.get(name);
    const both = {
      old: at(old, joinPointer(schemesPointer(a), name)),
      new: at(now, joinPointer(schemesPointer(b), name)),
    };
    if (!next) {
      add({
        id: 'api-security-component-removed',
        level: 'INFO',
        message: `security scheme ${name} removed`,
        old: both.old,
      });
      continue;
    }
    if (scheme.type !== next.type)
      add({
        id: 'api-security-component-type-changed',
        level: 'INFO',
        message: `security scheme ${name}: type ${String(scheme.type)} → ${String(next.type)}`,
        ...both,
      });
    compareOAuthFlows(name, scheme, next, add, both);
  }
  for (const name of y.keys())
    if (!x.has(name))
      add({
        id: 'api-security-component-added',
        level: 'INFO',
        message: `security scheme ${name} added`,
        new: at(now, joinPointer(schemesPointer(b), name)),
      });
  const webhooks = (value: Json) => Object.keys(asObject(value.webhooks) ?? {});
  for (const name of webhooks(a))
    if (!webhooks(b).includes(name))
      add({
        id: 'webhook-removed',
        level: 'ERR',
        message: `webhook ${name} was removed`,
        old: at(old, joinPointer('/webhooks', name)),
      });
  for (const name of webhooks(b))
    if (!webhooks(a).includes(name))
      add({
        id: 'webhook-added',
        level: 'INFO',
        message: `webhook ${name} was added`,
        new: at(now, joinPointer('/webhooks', name)),
      });
  const schemas = (value: Json) => ({
    pointer: value.swagger ? '/definitions' : '/components/schemas',
    names: Object.keys(asObject(value.swagger ? value.definitions : asObject(value.components)?.schemas) ?? {}),
  });
  const [s, t] = [schemas(a), schemas(b)];
  for (const name of s.names)
    if (!t.names.includes(name))
      add({
        id: 'api-schema-removed',
        level: 'INFO',
        message: `schema ${name} was removed`,
        old: at(old, joinPointer(s.pointer, name)),
      });
}

/** OAuth 2 flows of a security scheme (OpenAPI 3 `flows`, Swagger 2.0 `flow` with its URLs and scopes). */
function compareOAuthFlows(
  name: string,
  before: Json,
  after: Json,
  add: (change: Found) => void,
  both: { old: Located; new: Located },
): void {
  const flows = (scheme: Json): Map<string, Json> =>
    scheme.flows
      ? new Map(Object.entries(asObject(scheme.flows) ?? {}).map(([flow, value]) => [flow, asObject(value) ?? {}]))
      : typeof scheme.flow === 'string'
        ? new Map([[scheme.flow, scheme]])
        : new Map<string, Json>();
  const [x, y] = [flows(before), flows(after)];
  for (const [flow, value] of x) {
    const next = y.get(flow);
    if (!next) continue;
    if (value.authorizationUrl !== next.authorizationUrl)
      add({
        id: 'api-security-component-oauth-url-changed',
        level: 'INFO',
        message: `security scheme ${name} (${flow}): authorization URL changed`,
        ...both,
      });
    if (value.tokenUrl !== next.tokenUrl)
      add({
        id: 'api-security-component-oauth-token-url-changed',
        level: 'INFO',
        message: `security scheme ${name} (${flow}): token URL changed`,
        ...both,
      });
    const [scopes, nextScopes] = [asObject(value.scopes) ?? {}, asObject(next.scopes) ?? {}];
    for (const scope of Object.keys(scopes)) {
      if (!(scope in nextScopes))
        add({
          id: 'api-security-component-oauth-scope-removed',
          level: 'INFO',
          message: `security scheme ${name} (${flow}): scope ${scope} removed`,
          ...both,
        });
      else if (scopes[scope] !== nextScopes[scope])
        add({
          id: 'api-security-component-oauth-scope-changed',
          level: 'INFO',
          message: `security scheme ${name} (${flow}): scope ${scope} description changed`,
          ...both,
        });
    }
    for (const scope of Object.keys(nextScopes))
      if (!(scope in scopes))
        add({
          id: 'api-security-component-oauth-scope-added',
          level: 'INFO',
          message: `security scheme ${name} (${flow}): scope ${scope} added`,
          ...both,
        });
  }
}
