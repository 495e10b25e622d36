import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { CallError, call } from '../../api.js';
import { useApi } from '../../hooks.js';

/** The fields of a junction.yaml list entry as the form edits them (all text; empty means absent). */
type Fields = Record<string, string>;

const describe = (error: unknown) => {
  const issues =
    error instanceof CallError
      ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
      : '';
  return `${(error as Error).message}${issues ? ` (${issues})` : ''}`;
};

const present = (fields: Fields) =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value.trim() !== ''));

interface EntryRow {
  key: string;
  /** what the row is, for the Edit and Remove buttons' accessible names */
  name: string;
  cells: ReactNode[];
  onEdit: () => void;
  onRemove: () => void;
}

/** The entries of one junction.yaml list, each with Edit and Remove. */
function EntryTable({ label, headings, rows }: { label: string; headings: string[]; rows: EntryRow[] }) {
  return (
    <table className="data" aria-label={label}>
      <thead>
        <tr>
          {headings.map((heading) => (
            <th scope="col" key={heading}>
              {heading}
            </th>
          ))}
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((cell, index) => (
              <td key={index}>{cell}</td>
            ))}
            <td className="nowrap">
              <button type="button" className="link" onClick={row.onEdit} aria-label={`Edit ${row.name}`}>
                Edit
              </button>{' '}
              <button type="button" className="link" onClick={row.onRemove} aria-label={`Remove ${row.name}`}>
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A date `days` from today, as the ISO date a waiver's expiry takes. */
export const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function Field({
  id,
  label,
  value,
  onChange,
  type = 'text',
  required = false,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: string;
  required?: boolean;
  hint?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} required={required} value={value} onChange={(event) => onChange(event.target.value)} />
      {hint && <span className="muted small">{hint}</span>}
    </div>
  );
}

/**
 * Writes one waiver into junction.yaml (a new one, or waiver `index`): the server validates it with the file's own
 * schema (expiry at most a year ahead) and splices it in, so the rest of the file stays as it was.
 */
export function WaiverForm({
  initial,
  index,
  onDone,
  idPrefix = 'waiver',
}: {
  initial: Fields;
  index?: number;
  onDone: (message: string) => void;
  idPrefix?: string;
}) {
  const client = useQueryClient();
  const [fields, setFields] = useState<Fields>(initial);
  const [error, setError] = useState<string>();
  const set = (name: string) => (value: string) => setFields({ ...fields, [name]: value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await call('saveWaiver', { ...(index === undefined ? {} : { index }), waiver: present(fields) });
      void client.invalidateQueries();
      onDone(`Accepted risk written to junction.yaml: ${fields.check}${fields.system ? ` on ${fields.system}` : ''}.`);
    } catch (failure) {
      setError(describe(failure));
    }
  };
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <form onSubmit={(event) => void submit(event)} aria-label="Accepted risk">
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <div className="form-grid">
        <Field id={id('check')} label="Check" value={fields.check ?? ''} onChange={set('check')} required />
        <Field
          id={id('system')}
          label="System"
          value={fields.system ?? ''}
          onChange={set('system')}
          hint="empty: every system"
        />
        <Field
          id={id('match')}
          label="Only findings mentioning"
          value={fields.match ?? ''}
          onChange={set('match')}
          hint="an operation, a cipher suite… (optional)"
        />
        <Field id={id('reason')} label="Reason" value={fields.reason ?? ''} onChange={set('reason')} required />
        <Field id={id('owner')} label="Accepted by" value={fields.owner ?? ''} onChange={set('owner')} required />
        <Field
          id={id('expires')}
          label="Expires"
          type="date"
          value={fields.expires ?? ''}
          onChange={set('expires')}
          required
          hint="at most a year ahead"
        />
        <Field id={id('ticket')} label="Ticket" value={fields.ticket ?? ''} onChange={set('ticket')} />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary">
          {index === undefined ? 'Accept risk' : 'Save waiver'}
        </button>
      </div>
    </form>
  );
}

/** The accepted risks of junction.yaml, with how many findings of the latest run each covers; edit or remove. */
export function WaiversCard() {
  const waivers = useApi('listWaivers', {});
  const client = useQueryClient();
  const [editing, setEditing] = useState<number | 'new'>();
  const [message, setMessage] = useState<string>();
  const remove = async (index: number) => {
    try {
      await call('removeWaiver', { index });
      setMessage('Waiver removed from junction.yaml.');
      void client.invalidateQueries();
    } catch (failure) {
      setMessage(describe(failure));
    }
  };
  const list = waivers.data?.waivers ?? [];
  return (
    <section className="card" aria-labelledby="waivers-title">
      <h2 id="waivers-title">Accepted risks</h2>
      <p className="muted">
        Waivers in junction.yaml: a finding they cover keeps its status but does not fail <code>--fail-on</code> until
        the waiver expires.
      </p>
      {message && (
        <div className="banner ok" role="status">
          {message}
        </div>
      )}
      {waivers.isError && <div className="banner error">{waivers.error.message}</div>}
      {list.length === 0 ? (
        <p className="muted">No accepted risks. Accept one from a finding on the Audit page.</p>
      ) : (
        <EntryTable
          label="Waivers"
          headings={['Check', 'System', 'Reason', 'Accepted by', 'Expires', 'Findings']}
          rows={list.map((waiver) => ({
            key: String(waiver.index),
            name: waiver.check,
            cells: [
              <span className="mono">{waiver.check}</span>,
              waiver.system ?? <span className="muted">every system</span>,
              <>
                {waiver.reason}
                {waiver.ticket && <span className="muted"> · {waiver.ticket}</span>}
              </>,
              waiver.owner,
              waiver.expired ? <span className="chip fail">expired {waiver.expires}</span> : waiver.expires,
              waiver.findings,
            ],
            onEdit: () => setEditing(waiver.index),
            onRemove: () => void remove(waiver.index),
          }))}
        />
      )}
      {editing !== undefined && (
        <WaiverForm
          key={String(editing)}
          idPrefix="estate-waiver"
          index={editing === 'new' ? undefined : editing}
          initial={
            editing === 'new'
              ? { expires: daysAhead(90) }
              : Object.fromEntries(
                  Object.entries(list.find((waiver) => waiver.index === editing) ?? {})
                    .filter(([name]) =>
                      ['check', 'system', 'match', 'reason', 'owner', 'expires', 'ticket'].includes(name),
                    )
                    .map(([name, value]) => [name, String(value)]),
                )
          }
          onDone={(text) => {
            setMessage(text);
            setEditing(undefined);
          }}
        />
      )}
      {editing === undefined && (
        <button type="button" onClick={() => setEditing('new')}>
          + Add waiver
        </button>
      )}
    </section>
  );
}

interface AttestationEntry {
  item: string;
  answer: string;
  by: string;
  date: string;
  note?: string;
  evidence?: string;
}

/** A system's attestations (what no probe can see), edited in place in junction.yaml. */
export function AttestationsCard({ systems }: { systems: { id: string; name: string }[] }) {
  const [systemId, setSystemId] = useState(systems[0]?.id ?? '');
  const system = useApi('getSystem', { id: systemId }, { enabled: systemId !== '' });
  const client = useQueryClient();
  const [editing, setEditing] = useState<number | 'new'>();
  const [fields, setFields] = useState<Fields>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const attestations = ((system.data?.system.attestations as AttestationEntry[] | undefined) ?? []).map((entry) => ({
    ...entry,
    date: String(entry.date).slice(0, 10),
  }));
  const open = (index: number | 'new') => {
    setEditing(index);
    const entry = index === 'new' ? undefined : attestations[index];
    setFields(
      entry
        ? Object.fromEntries(Object.entries(entry).map(([name, value]) => [name, String(value)]))
        : { answer: 'yes', date: daysAhead(0) },
    );
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await call('saveAttestation', {
        systemId,
        ...(editing === 'new' || editing === undefined ? {} : { index: editing }),
        attestation: present(fields),
      });
      setMessage({ ok: true, text: `Attestation "${fields.item}" of ${systemId} written to junction.yaml.` });
      setEditing(undefined);
      void client.invalidateQueries();
    } catch (failure) {
      setMessage({ ok: false, text: describe(failure) });
    }
  };
  const remove = async (index: number) => {
    await call('removeAttestation', { systemId, index });
    setMessage({ ok: true, text: 'Attestation removed from junction.yaml.' });
    void client.invalidateQueries();
  };
  const set = (name: string) => (value: string) => setFields({ ...fields, [name]: value });
  return (
    <section className="card" aria-labelledby="attestations-title">
      <h2 id="attestations-title">Attestations</h2>
      <div className="field">
        <label htmlFor="attestation-system">System</label>
        <select
          id="attestation-system"
          value={systemId}
          onChange={(event) => {
            setSystemId(event.target.value);
            setEditing(undefined);
          }}
        >
          {systems.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
      </div>
      {message && (
        <div className={`banner ${message.ok ? 'ok' : 'error'}`} role="status">
          {message.text}
        </div>
      )}
      {attestations.length === 0 ? (
        <p className="muted">Nothing attested for this system yet.</p>
      ) : (
        <EntryTable
          label="Attestations"
          headings={['Item', 'Answer', 'By', 'Date']}
          rows={attestations.map((entry, index) => ({
            key: `${entry.item}-${index}`,
            name: entry.item,
            cells: [
              <span className="mono">{entry.item}</span>,
              <>
                {entry.answer}
                {entry.note && <span className="muted"> · {entry.note}</span>}
              </>,
              entry.by,
              entry.date,
            ],
            onEdit: () => open(index),
            onRemove: () => void remove(index),
          }))}
        />
      )}
      {editing === undefined ? (
        <button type="button" onClick={() => open('new')}>
          + Add attestation
        </button>
      ) : (
        <form onSubmit={(event) => void save(event)} aria-label="Attestation">
          <div className="form-grid">
            <Field id="attestation-item" label="Item" value={fields.item ?? ''} onChange={set('item')} required />
            <div className="field">
              <label htmlFor="attestation-answer">Answer</label>
              <select
                id="attestation-answer"
                value={fields.answer ?? 'yes'}
                onChange={(event) => set('answer')(event.target.value)}
              >
                <option>yes</option>
                <option>no</option>
                <option>n.a.</option>
              </select>
            </div>
            <Field id="attestation-by" label="Attested by" value={fields.by ?? ''} onChange={set('by')} required />
            <Field
              id="attestation-date"
              label="Date"
              type="date"
              value={fields.date ?? ''}
              onChange={set('date')}
              required
            />
            <Field id="attestation-note" label="Note" value={fields.note ?? ''} onChange={set('note')} />
            <Field
              id="attestation-evidence"
              label="Evidence (link or file)"
              value={fields.evidence ?? ''}
              onChange={set('evidence')}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="primary">
              Save attestation
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
