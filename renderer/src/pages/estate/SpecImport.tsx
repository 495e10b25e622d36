import { useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent, type FormEvent } from 'react';
import { call } from '../../api.js';

/** Spec import by file picker, drag and drop, or URL. */
export function SpecImport({ systemId, current }: { systemId: string; current?: string }) {
  const client = useQueryClient();
  const [over, setOver] = useState(false);
  const [url, setUrl] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();

  const run = async (input: { fileName: string; content: string } | { url: string }) => {
    setStatus({ ok: true, text: 'Importing…' });
    try {
      const result = await call('importSpec', { systemId, ...input });
      setStatus({ ok: true, text: `Imported ${result.path}${result.version ? ` (version ${result.version})` : ''}.` });
      void client.invalidateQueries();
    } catch (error) {
      setStatus({ ok: false, text: (error as Error).message });
    }
  };
  const fromFile = async (file: File | undefined) => {
    if (file) await run({ fileName: file.name, content: await file.text() });
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void fromFile(event.dataTransfer.files[0]);
  };
  const onUrl = (event: FormEvent) => {
    event.preventDefault();
    if (url) void run({ url });
  };

  return (
    <section style={{ marginTop: 24 }} aria-labelledby="spec-title">
      <h3 id="spec-title">API specification</h3>
      <p className="muted">{current ? `Current: ${current}` : 'No OpenAPI or Swagger document yet.'}</p>
      {status && (
        <div className={`banner ${status.ok ? 'ok' : 'error'}`} role="status">
          {status.text}
        </div>
      )}
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p style={{ margin: '0 0 8px' }}>Drop an OpenAPI file here, or</p>
        <label className="button" htmlFor="spec-file">
          Choose a file…
        </label>
        <input
          id="spec-file"
          className="sr-only"
          type="file"
          accept=".yaml,.yml,.json"
          onChange={(event) => void fromFile(event.target.files?.[0])}
        />
      </div>
      <form onSubmit={onUrl} className="toolbar" style={{ marginTop: 10 }}>
        <label htmlFor="spec-url" className="sr-only">
          Spec URL, or a path on the system
        </label>
        <input
          id="spec-url"
          type="text"
          inputMode="url"
          placeholder="https://…/openapi.yaml, or /openapi.json on the system"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          style={{ flex: 1 }}
        />
        <button type="submit">Import from URL</button>
      </form>
    </section>
  );
}
