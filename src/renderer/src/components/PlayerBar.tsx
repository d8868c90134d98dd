import { useSystemStore } from '../stores/system';

export function PlayerBar() {
  const audio = useSystemStore((s) => s.info?.audio);
  return (
    <footer className="player-bar" aria-label="Player">
      <span className="now-playing muted">Nothing playing. Click a file to hear it.</span>
      {audio?.state === 'unavailable' && (
        <span className="notice" role="status">
          Audio output unavailable: {audio.reason}
        </span>
      )}
    </footer>
  );
}
