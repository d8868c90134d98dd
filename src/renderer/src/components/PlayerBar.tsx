import { useEffect, useState } from 'react';
import { VOLUME_DB_RANGE } from '../../../shared/contract';
import { formatDuration } from '../../../shared/units';
import { useLibraryStore } from '../stores/library';
import { useMidiStore } from '../stores/midi';
import { playerActions, usePlayerStore } from '../stores/player';

import { useSystemStore } from '../stores/system';
import { Waveform } from './Waveform';

/** Where playback is now: the last reported position, moved on by the clock while playing. */
function useLivePosition(): number {
  const player = usePlayerStore((s) => s.player);
  const position = usePlayerStore((s) => s.position);
  const [now, setNow] = useState(() => performance.now());
  const playing = player?.state === 'playing';
  useEffect(() => {
    if (!playing) return;
    let frame = requestAnimationFrame(function tick(t) {
      setNow(t);
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing]);
  const duration = player?.file?.durationSec ?? 0;
  // Never run ahead of the core by more than one progress interval.
  const ahead = playing ? Math.min(0.05, Math.max(0, (now - position.at) / 1000)) : 0;
  return Math.min(duration, position.sec + ahead);
}

export function PlayerBar() {
  const audio = useSystemStore((s) => s.info?.audio);
  const player = usePlayerStore((s) => s.player);
  const overview = usePlayerStore((s) => s.overview);
  const autoPlay = usePlayerStore((s) => s.autoPlay);
  const selectedId = useLibraryStore((s) => s.selectedId);
  const clockPlaying = useMidiStore((s) => s.clock?.transport === 'playing' && !s.clock.noClock);
  const position = useLivePosition();
  const file = player?.file ?? null;
  const duration = file?.durationSec ?? 0;
  const playing = player?.state === 'playing' || player?.state === 'loading';
  const armed = player?.startsAt != null;

  return (
    <footer className="player-bar" aria-label="Player">
      <div className="transport-buttons">
        <button
          aria-label={playing ? 'Pause' : 'Play'}
          disabled={!file}
          onClick={() => void playerActions.toggle()}
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <button aria-label="Stop" disabled={!file} onClick={() => void playerActions.stop()}>
          ■
        </button>
        <button
          aria-label="Play on next bar"
          aria-pressed={armed}
          className={armed ? 'queued' : ''}
          title={
            armed
              ? 'Waiting for the next bar line of the clock'
              : 'Start the selected file on the next bar line of the clock'
          }
          disabled={!clockPlaying || selectedId === null}
          onClick={() =>
            selectedId !== null && void playerActions.play(selectedId, { onNextBar: true })
          }
        >
          ▶|
        </button>
        <button
          aria-label="Loop"
          aria-pressed={player?.loop ?? false}
          className={player?.loop ? 'on' : ''}
          onClick={() => void playerActions.setLoop(!player?.loop)}
        >
          ⟲
        </button>
      </div>
      <div className="now-playing">
        <span className="file-name" aria-label="Now playing">
          {file ? file.name : 'Nothing playing. Click a file to hear it.'}
        </span>
        {armed && (
          <span className="armed" role="status">
            Waiting for the next bar…
          </span>
        )}
        {file && (
          <Waveform
            peaks={overview?.id === file.id ? overview.peaks : null}
            fraction={duration > 0 ? position / duration : 0}
            durationSec={duration}
            onSeek={(fraction) => void playerActions.seek(fraction * duration)}
          />
        )}
      </div>
      <span className="time" aria-label="Elapsed and total time">
        {file ? `${formatDuration(position)} / ${formatDuration(duration)}` : ''}
      </span>
      <label className="volume">
        <span className="muted">Vol</span>
        <input
          type="range"
          aria-label="Volume (dB)"
          min={VOLUME_DB_RANGE.min}
          max={VOLUME_DB_RANGE.max}
          step={1}
          value={player?.volumeDb ?? 0}
          onChange={(event) => void playerActions.setVolume(Number(event.target.value))}
        />
        <span className="db">{`${player?.volumeDb ?? 0} dB`}</span>
      </label>
      <label className="auto-play">
        <input
          type="checkbox"
          checked={autoPlay}
          onChange={(event) => void playerActions.setAutoPlay(event.target.checked)}
        />
        Auto-play
      </label>
      {audio?.state === 'unavailable' && (
        <span className="notice" role="status">
          Audio output unavailable: {audio.reason}
        </span>
      )}
    </footer>
  );
}
