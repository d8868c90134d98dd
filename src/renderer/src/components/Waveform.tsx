import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { formatDuration } from '../../../shared/units';
import { seekKeyTarget } from './keyboard-nav';

/** An SVG path through the [min, max] pairs, as a filled band around the centre line. */
export function peaksPath(peaks: number[], width: number, height: number): string {
  const buckets = peaks.length / 2;
  if (buckets === 0) return '';
  const mid = height / 2;
  const scale = mid / 127;
  const step = width / buckets;
  let top = '';
  let bottom = '';
  for (let i = 0; i < buckets; i++) {
    const x = (i * step).toFixed(1);
    top += `${i === 0 ? 'M' : 'L'}${x},${(mid - (peaks[2 * i + 1] ?? 0) * scale - 0.5).toFixed(1)}`;
    bottom = `L${x},${(mid - (peaks[2 * i] ?? 0) * scale + 0.5).toFixed(1)}${bottom}`;
  }
  return `${top}${bottom}Z`;
}

/** The playing file's waveform with a playhead; click, drag or use the arrow keys to seek. */
export function Waveform(props: {
  peaks: number[] | null;
  fraction: number;
  durationSec: number;
  onSeek: (fraction: number) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const lastSeek = useRef(0);

  const fractionAt = (event: PointerEvent) => {
    const box = ref.current?.getBoundingClientRect();
    if (!box || box.width === 0) return 0;
    return Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
  };

  useEffect(() => {
    if (dragging === null) lastSeek.current = 0;
  }, [dragging]);

  const shown = dragging ?? props.fraction;
  const duration = props.durationSec;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || duration <= 0) return;
    const target = seekKeyTarget(event.key, props.fraction * duration, duration);
    if (target === null) return;
    event.preventDefault();
    props.onSeek(target / duration);
  };
  const shownSec = shown * duration;
  return (
    <div
      ref={ref}
      className="waveform"
      role="slider"
      tabIndex={0}
      aria-label="Playback position"
      aria-valuemin={0}
      aria-valuemax={Math.round(duration * 100) / 100}
      aria-valuenow={Math.round(shownSec * 100) / 100}
      aria-valuetext={`${formatDuration(shownSec)} of ${formatDuration(duration)}`}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        const f = fractionAt(event);
        setDragging(f);
        props.onSeek(f);
      }}
      onPointerMove={(event) => {
        if (dragging === null) return;
        const f = fractionAt(event);
        setDragging(f);
        // While dragging, seek at most ten times a second.
        if (performance.now() - lastSeek.current > 100) {
          lastSeek.current = performance.now();
          props.onSeek(f);
        }
      }}
      onPointerUp={(event) => {
        if (dragging === null) return;
        props.onSeek(fractionAt(event));
        setDragging(null);
      }}
    >
      <svg viewBox="0 0 1000 40" preserveAspectRatio="none" aria-hidden="true">
        {props.peaks && <path d={peaksPath(props.peaks, 1000, 40)} />}
      </svg>
      <div className="playhead" style={{ left: `${shown * 100}%` }} />
    </div>
  );
}
