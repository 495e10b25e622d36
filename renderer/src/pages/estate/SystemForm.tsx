import { useState, type FormEvent } from 'react';
import { systemSchema } from '../../../../src/model/estate.js';
import { CallError, call } from '../../api.js';
import { ErrorState, Loading } from '../../components/States.js';
import { useApi } from '../../hooks.js';
import { SpecImport } from './SpecImport.js';
import { scalarText } from '../../../../src/util/scalar-text.js';

type Raw = Record<string, unknown>;

interface FieldSpec {
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'number' | 'url';
  wide?: boolean;
  required?: boolean;
}

const FIELDS: FieldSpec[] = [
  { name: 'id', label: 'Id', hint: 'lower-case letters, digits and dashes', required: true },
  { name: 'name', label: 'Name', required: true },
  {
    name: 'baseUrl',
    label: 'Base URL',
    type: 'url',
    wide: true,
    required: true,
    hint: 'https://… where the API answers',
  },
  { name: 'healthPath', label: 'Health path', hint: 'what the baseline probes request (default /)' },
  { name: 'environment', label: 'Environment', hint: 'e.g. production, staging' },
  { name: 'owner', label: 'Owner', hint: 'team or person' },
  { name: 'tags', label: 'Tags', hint: 'comma-separated' },
  { name: 'expectedPeakRps', label: 'Expected peak (requests/s)', type: 'number' },
  { name: 'sloMs', label: 'Latency SLO (ms)', type: 'number' },
];

const KINDS = ['http-api', 'webhook-receiver', 'broker', 'saas'];

function toForm(raw: Raw): Record<string, string> {
  const form: Record<string, string> = {};
  for (const field of [...FIELDS.map((f) => f.name), 'kind']) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    form[field] = Array.isArray(value) ? value.join(', ') : scalarText(value);
  }
  const auth = raw.auth as { credential?: string } | undefined;
  if (auth?.credential) form.credential = auth.credential;
  return form;
}

/** The raw junction.yaml object: the edited fields over the original, so keys the form does not show (tls, allow…) survive. */
function toRaw(original: Raw, form: Record<string, string>): Raw {
  const raw: Raw = { ...original };
  for (const field of [...FIELDS, { name: 'kind', type: 'text' as const }]) {
    const value = (form[field.name] ?? '').trim();
    delete raw[field.name];
    if (value === '') continue;
    if (field.name === 'tags')
      raw.tags = value
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean);
    else if (field.type === 'number') raw[field.name] = Number(value);
    else raw[field.name] = value;
  }
  const originalAuth = original.auth as { credential?: string } | undefined;
  if (form.credential) raw.auth = { credential: form.credential };
  else if (originalAuth?.credential) delete raw.auth;
  return raw;
}

export function SystemForm({ systemId, onSaved }: { systemId?: string; onSaved: () => void }) {
  const existing = useApi('getSystem', { id: systemId ?? '' }, { enabled: systemId !== undefined });
  if (systemId && existing.isPending) return <Loading what="the system" />;
  if (systemId && existing.isError) return <ErrorState error={existing.error} />;
  return (
    <Form
      key={systemId ?? 'new'}
      original={existing.data?.system ?? { kind: 'http-api' }}
      systemId={systemId}
      onSaved={onSaved}
    />
  );
}

function Form({ original, systemId, onSaved }: { original: Raw; systemId?: string; onSaved: () => void }) {
  const [form, setForm] = useState(() => toForm(original));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [saving, setSaving] = useState(false);
  const credentials = useApi('listCredentials', {});
  const envAuth = original.auth && !(original.auth as { credential?: string }).credential;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const raw = toRaw(original, form);
    // The same schema as the server and the CLI: messages match what junction.yaml validation says.
    const parsed = systemSchema.safeParse(raw);
    const issues = parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
    if (issues.length > 0) {
      setProblems(Object.fromEntries(issues.map((issue) => [issue.path[0] ?? 'form', issue.message])));
      return;
    }
    setProblems({});
    setSaving(true);
    try {
      await call('saveSystem', { system: raw, replaces: systemId });
      onSaved();
    } catch (error) {
      if (error instanceof CallError && error.issues.length > 0)
        setProblems(Object.fromEntries(error.issues.map((issue) => [String(issue.path[0] ?? 'form'), issue.message])));
      setFailure((error as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const set = (name: string, value: string) => setForm({ ...form, [name]: value });
  return (
    <>
      <form onSubmit={(event) => void submit(event)} noValidate aria-label="System">
        {failure && (
          <div className="banner error" role="alert">
            {failure}
          </div>
        )}
        {Object.keys(problems).length > 0 && !failure && (
          <div className="banner error" role="alert">
            Please correct the fields marked below.
          </div>
        )}
        <div className="form-grid">
          {FIELDS.map((field) => (
            <div className={`field${field.wide ? ' wide' : ''}`} key={field.name}>
              <label htmlFor={`sys-${field.name}`}>
                {field.label}
                {field.required && <span aria-hidden="true"> *</span>}
              </label>
              <input
                id={`sys-${field.name}`}
                type={field.type === 'number' ? 'number' : 'text'}
                inputMode={field.type === 'url' ? 'url' : undefined}
                value={form[field.name] ?? ''}
                aria-invalid={problems[field.name] ? true : undefined}
                aria-describedby={`sys-${field.name}-note`}
                required={field.required}
                onChange={(event) => set(field.name, event.target.value)}
              />
              <span id={`sys-${field.name}-note`} className={problems[field.name] ? 'problem' : 'hint'}>
                {problems[field.name] ?? field.hint ?? ''}
              </span>
            </div>
          ))}
          <div className="field">
            <label htmlFor="sys-kind">Kind</label>
            <select id="sys-kind" value={form.kind ?? 'http-api'} onChange={(event) => set('kind', event.target.value)}>
              {KINDS.map((kind) => (
                <option key={kind}>{kind}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="sys-credential">Credential</label>
            <select
              id="sys-credential"
              value={form.credential ?? ''}
              onChange={(event) => set('credential', event.target.value)}
              disabled={Boolean(envAuth)}
            >
              <option value="">{envAuth ? 'set in junction.yaml (kept)' : 'none'}</option>
              {credentials.data?.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.id} ({entry.type})
                </option>
              ))}
            </select>
            <span className={problems.auth ? 'problem' : 'hint'}>
              {problems.auth ?? 'add credentials in the vault panel'}
            </span>
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : systemId ? 'Save changes' : 'Add system'}
          </button>
        </div>
      </form>
      {systemId && <SpecImport systemId={systemId} current={original.spec as string | undefined} />}
    </>
  );
}
