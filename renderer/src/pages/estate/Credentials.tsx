import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CallError, call } from '../../api.js';
import { formatDate, useApi } from '../../hooks.js';

type CredentialType = 'bearer' | 'basic' | 'api-key' | 'oauth2-client-credentials';

/** Per type: its fields, the secret one last and masked. */
const FIELDS: Record<CredentialType, { name: string; label: string; secret?: boolean }[]> = {
  bearer: [{ name: 'token', label: 'Token', secret: true }],
  basic: [
    { name: 'username', label: 'Username' },
    { name: 'password', label: 'Password', secret: true },
  ],
  'api-key': [
    { name: 'header', label: 'Header name' },
    { name: 'value', label: 'Key', secret: true },
  ],
  'oauth2-client-credentials': [
    { name: 'tokenUrl', label: 'Token URL' },
    { name: 'clientId', label: 'Client id' },
    { name: 'scope', label: 'Scope (optional)' },
    { name: 'clientSecret', label: 'Client secret', secret: true },
  ],
};

export function CredentialsCard() {
  const credentials = useApi('listCredentials', {});
  const client = useQueryClient();
  const [id, setId] = useState('');
  const [type, setType] = useState<CredentialType>('bearer');
  const [values, setValues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const credential = Object.fromEntries(
      Object.entries(values).filter(
        ([name, value]) => value !== '' && FIELDS[type].some((field) => field.name === name),
      ),
    );
    try {
      await call('setCredential', { id, credential: { type, ...credential } as never });
      setMessage({ ok: true, text: `Stored "${id}" in the vault. Its secret will not be shown again.` });
      setValues({});
      setId('');
      void client.invalidateQueries({ queryKey: ['listCredentials'] });
    } catch (error) {
      const issues =
        error instanceof CallError
          ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
          : '';
      setMessage({ ok: false, text: `${(error as Error).message}${issues ? ` (${issues})` : ''}` });
    }
  };

  return (
    <section className="card" aria-labelledby="vault-title">
      <h2 id="vault-title">Credentials vault</h2>
      {credentials.isError && <div className="banner error">{credentials.error.message}</div>}
      {credentials.data && credentials.data.length === 0 && <p className="muted">No credentials stored yet.</p>}
      {credentials.data && credentials.data.length > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Type</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {credentials.data.map((entry) => (
              <tr key={entry.id}>
                <td className="mono">{entry.id}</td>
                <td>
                  {entry.type} <span className="muted">{Object.values(entry.meta).join(' · ')}</span>
                </td>
                <td className="muted">{formatDate(entry.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(event) => void submit(event)} style={{ marginTop: 14 }} autoComplete="off">
        <h3>Add or replace a credential</h3>
        {message && (
          <div className={`banner ${message.ok ? 'ok' : 'error'}`} role="status">
            {message.text}
          </div>
        )}
        <div className="form-grid">
          <div className="field">
            <label htmlFor="cred-id">Id</label>
            <input
              id="cred-id"
              required
              pattern="[a-z0-9][a-z0-9\-]*"
              value={id}
              onChange={(event) => setId(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="cred-type">Type</label>
            <select id="cred-type" value={type} onChange={(event) => setType(event.target.value as CredentialType)}>
              {(Object.keys(FIELDS) as CredentialType[]).map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </div>
          {FIELDS[type].map((field) => (
            <div className="field" key={field.name}>
              <label htmlFor={`cred-${field.name}`}>{field.label}</label>
              <input
                id={`cred-${field.name}`}
                type={field.secret ? 'password' : 'text'}
                autoComplete={field.secret ? 'new-password' : 'off'}
                required={!field.label.includes('optional')}
                value={values[field.name] ?? ''}
                onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
              />
            </div>
          ))}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">
            Store in vault
          </button>
        </div>
      </form>
    </section>
  );
}
