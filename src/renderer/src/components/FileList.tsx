export function FileList() {
  return (
    <main className="file-list" aria-label="Files">
      <div className="empty-state">
        <p className="empty-title">Drop a folder of audio here</p>
        <p className="muted">
          WAV and AIFF files are read; the list fills as the folder is scanned.
        </p>
      </div>
    </main>
  );
}
