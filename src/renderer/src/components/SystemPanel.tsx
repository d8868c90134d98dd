import { Dialog } from './Dialog';
import { useSystemStore } from '../stores/system';
import { StatusText } from './StatusText';

export function SystemPanel({ onClose }: { onClose: () => void }) {
  const info = useSystemStore((s) => s.info);
  const error = useSystemStore((s) => s.error);
  return (
    <Dialog label="About / System" onClose={onClose}>
      {error && <p className="error">Could not read the system status: {error}</p>}
      {!info && !error && <p>Asking the core…</p>}
      {info && (
        <dl className="facts">
          <dt>Version</dt>
          <dd>
            {info.appName} {info.appVersion} ({info.shell} shell)
          </dd>
          {info.versions.electron && (
            <>
              <dt>Electron</dt>
              <dd>{info.versions.electron}</dd>
              <dt>Chrome</dt>
              <dd>{info.versions.chrome}</dd>
            </>
          )}
          <dt>Node</dt>
          <dd>{info.versions.node}</dd>
          <dt>Platform</dt>
          <dd>
            {info.platform} {info.arch}
          </dd>
          <dt>Audio output</dt>
          <dd data-subsystem="audio">
            <StatusText status={info.audio} />
          </dd>
          <dt>MIDI</dt>
          <dd data-subsystem="midi">
            <StatusText status={info.midi} />
          </dd>
          <dt>Library</dt>
          <dd data-subsystem="library">
            {info.library.folders} folders, {info.library.files} files
          </dd>
        </dl>
      )}
    </Dialog>
  );
}
