/**
 * docs/diff-rules.md: the rules of `junction spec diff`, written from src/model/diff-rules.ts so the page cannot
 * drift from what the diff does (scripts/write-diff-rules-doc.ts writes it, test/unit/diff-rules.test.ts checks it).
 */
import {
  CATALOGUE,
  DIFFERENCES,
  NOT_APPLICABLE,
  OWN_RULES,
  SCHEMA_EVENTS,
  SCHEMA_PREFIXES,
} from '../model/diff-rules.js';

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function diffRulesDoc(): string {
  const catalogued = [...CATALOGUE];
  const count = (level: string) => catalogued.filter(([, value]) => value === level).length;
  const ownSchemaEvents = [...SCHEMA_EVENTS].filter(([event]) =>
    SCHEMA_PREFIXES.some((prefix) => !CATALOGUE.has(`${prefix}-${event}`)),
  );
  const notApplicable = Object.entries(NOT_APPLICABLE);
  return [
    '# Breaking-change rules of `junction spec diff`',
    '',
    '<!-- generated from src/model/diff-rules.ts by scripts/write-diff-rules-doc.ts, do not edit -->',
    '',
    "`junction spec diff old new` (and the `versioning.breaking-changes` check) reports every change with the id and level of oasdiff's rule catalogue " +
      `(${catalogued.length} rules: ${count('ERR')} ERR, ${count('WARN')} WARN, ${count('INFO')} INFO), so oasdiff users read the same words: ` +
      '**ERR** breaks clients, **WARN** may break them, **INFO** does not. `--fail-on ERR|WARN` exits 1 when a change not ignored is at that level or above.',
    '',
    'A `junction.yaml` (the workspace file, or any file given to `spec diff --config`) adjusts the judgement:',
    '',
    '```yaml',
    'diff:',
    '  severity:',
    '    response-property-pattern-changed: ERR # our clients validate ids',
    '    api-tag-removed: NONE # not worth a line',
    '  ignore:',
    '    - rule: request-property-removed',
    '      path: /v1/Subscriptions/{Sid}',
    '      method: POST',
    '      reason: SinkSid was never read by the server',
    '  deprecationDays: { beta: 30, stable: 180 } # the fewest days between deprecation and x-sunset',
    '```',
    '',
    'An ignored change is still listed, with its reason, and never counts as breaking. Unknown rule ids are refused with the file, line and field.',
    '',
    '## Where Junction judges differently from oasdiff',
    '',
    '| Rule | oasdiff | Junction | Why |',
    '| --- | --- | --- | --- |',
    ...Object.entries(DIFFERENCES).map(
      ([id, { level, reason }]) => `| \`${id}\` | ${CATALOGUE.get(id)} | ${level} | ${cell(reason)} |`,
    ),
    '',
    'And in what it compares:',
    '',
    '- A `readOnly` property is no part of a request and a `writeOnly` one no part of a response: Junction reports no constraint change on them there ' +
      '(oasdiff reports, for example, `request-property-pattern-added` on a readOnly property). Their existence and access changes keep their INFO ids.',
    '- `allOf` members are merged before comparing, so moving properties into a shared component or an `allOf` is no change. ' +
      '`*-all-of-added` and `*-all-of-removed` are reported when an `allOf` that was already there gains or loses a member.',
    '- `oneOf`/`anyOf` alternatives are matched by the component they name, else by title, else by their text; `oneOf` of bare types ' +
      '(`[{type: string}, {type: integer}]`) is compared as a list of types, as oasdiff does.',
    '- A path parameter is matched by its position in the path template, so renaming `{id}` to `{petId}` is no change.',
    '- A discriminator whose property is renamed, together with the property, is one ' +
      '`*-discriminator-property-name-changed`, not a removed and an added property.',
    '',
    "## Junction's own rules",
    '',
    'Where the catalogue has no id for a change, Junction reports its own:',
    '',
    '| Rule | Level | Why |',
    '| --- | --- | --- |',
    ...Object.entries(OWN_RULES).map(([id, { level, reason }]) => `| \`${id}\` | ${level} | ${cell(reason)} |`),
    '',
    `Schema changes are named \`<place>-<event>\`, the place being one of ${SCHEMA_PREFIXES.map((prefix) => `\`${prefix}\``).join(', ')}. ` +
      'Where the catalogue has no id for an event at a place (it names `request-parameter-max-items-decreased` ' +
      'but no `request-body-max-items-decreased`, for example), Junction reports `<place>-<event>` at the level ' +
      'below, which is how the catalogue judges the same event at its other places: breaking when it narrows what a ' +
      'request may send or widens what a response may return.',
    '',
    '| Event | In a request | In a response |',
    '| --- | --- | --- |',
    ...ownSchemaEvents.map(([event, [request, response]]) => `| \`${event}\` | ${request} | ${response} |`),
    '',
    '## Not applicable',
    '',
    notApplicable.length === 0
      ? 'None: every ERR and WARN rule of the catalogue applies to OpenAPI 2.0, 3.0 or 3.1 documents and is ' +
        'implemented; test/fixtures/diff-rules holds a base/revision pair that produces each one.'
      : notApplicable.map(([id, reason]) => `- \`${id}\`: ${reason}`).join('\n'),
    '',
    '## The breaking rules of the catalogue',
    '',
    `The ${count('ERR') + count('WARN')} ERR and WARN rules; the ${count('INFO')} INFO rules are reported as non-breaking changes under their ids.`,
    '',
    '| Rule | Level |',
    '| --- | --- |',
    ...catalogued.filter(([, level]) => level !== 'INFO').map(([id, level]) => `| \`${id}\` | ${level} |`),
    '',
  ].join('\n');
}
