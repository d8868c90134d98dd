import { useState, type ChangeEvent } from 'react';
import { marksExport, type MarksExport } from '../../../shared/contract';
import { marksActions } from '../actions/marks-actions';
import { useMarksStore } from '../stores/marks';
import { notify } from '../stores/notices';
import { Dialog } from './Dialog';

/** Hands the export to the browser as a download (both shells: a Blob URL, no path from the core). */
function download(data: MarksExport) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `sampledeck-marks-${data.exportedAt.slice(0, 10)}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Reads an exported file and checks it before it goes to the core; says what is wrong, by name. */
async function readExport(file: File): Promise<MarksExport | null> {
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch (error) {
    notify(`${file.name} is not JSON: ${error instanceof Error ? error.message : ''}`, 'error');
    return null;
  }
  const parsed = marksExport.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  notify(
    `${file.name} is not a Sampledeck marks export: ${issue?.path.join('.') || 'the file'} ${issue?.message ?? ''}`,
    'error',
  );
  return null;
}

/** The marks database: backups to restore, export to a file, import from one. */
export function MarksDialog({ onClose }: { onClose: () => void }) {
  const store = useMarksStore((s) => s.state?.store ?? null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const data = await readExport(file);
    if (data) await marksActions.import(data, mode);
  };
  return (
    <Dialog label="Marks" title="Favourites, ratings, tags and collections" wide onClose={onClose}>
      {store === null ? (
        <p className="muted">The marks database is not available in this shell.</p>
      ) : (
        <>
          {store.recovery && <p className="error">{store.recovery}</p>}
          <p className="muted small">
            Kept in <span className="problem-path">{store.file}</span>
          </p>
          <h3>Export and import</h3>
          <div className="marks-row">
            <button
              onClick={() =>
                void marksActions.export().then((data) => {
                  if (data) download(data);
                })
              }
            >
              Export as JSON
            </button>
            <label className="file-button">
              Import a JSON file…
              <input
                type="file"
                accept=".json,application/json"
                aria-label="Import marks"
                onChange={(event) => void onImport(event)}
              />
            </label>
            <select
              aria-label="Import mode"
              value={mode}
              onChange={(event) => setMode(event.target.value === 'replace' ? 'replace' : 'merge')}
            >
              <option value="merge">adding to the marks here</option>
              <option value="replace">replacing every mark here</option>
            </select>
          </div>
          <h3>Backups</h3>
          <p className="muted small">
            Written after changes; the last 7 are kept. Restoring backs up the current marks first.
          </p>
          {store.backups.length === 0 ? (
            <p className="muted">No backups yet.</p>
          ) : (
            <table className="backups" aria-label="Backups">
              <tbody>
                {store.backups.map((b) => (
                  <tr key={b.name}>
                    <td>{new Date(b.at).toLocaleString()}</td>
                    <td className="muted">
                      {b.files} files, {b.collections} collections
                    </td>
                    <td>
                      <button
                        aria-label={`Restore ${b.name}`}
                        onClick={() => void marksActions.restoreBackup(b.name)}
                      >
                        Restore
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Dialog>
  );
}

/** Told once at start-up when the marks database was damaged and set aside; kept until dismissed. */
export function MarksRecoveryNotice() {
  const recovery = useMarksStore((s) => s.state?.store.recovery ?? null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  if (!recovery || recovery === dismissed) return null;
  return (
    <section className="system-notices" aria-label="Marks notice">
      {open && <MarksDialog onClose={() => setOpen(false)} />}
      <div className="system-notice" role="alert">
        <p>{recovery}</p>
        <button onClick={() => setOpen(true)}>Backups…</button>
        <button aria-label="Dismiss notice" onClick={() => setDismissed(recovery)}>
          Dismiss
        </button>
      </div>
    </section>
  );
}

/** In the sidebar: the way to the marks' backups, export and import. */
export function MarksButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button className="link-button" onClick={() => setOpen(true)}>
        Backups, export, import…
      </button>
      {open && <MarksDialog onClose={() => setOpen(false)} />}
    </>
  );
}
