import { useEffect, useRef, useState } from 'react';
import type { AspectWeights } from '../../../shared/contract';
import { leaveSimilar, setSimilarWeights } from '../actions/find-similar';
import { useLibraryStore } from '../stores/library';

const ASPECTS: { key: keyof AspectWeights; label: string; title: string }[] = [
  { key: 'timbre', label: 'Timbre', title: 'How alike the sounds are in colour' },
  { key: 'pitch', label: 'Pitch', title: 'How alike their pitch and key are' },
  { key: 'envelope', label: 'Envelope', title: 'How alike their loudness moves over time' },
];

/** A slider moved: the search runs again once it rests this long, not at every step. */
const SETTLE_MS = 200;

/**
 * Above the list while it shows files like one file: what it is like, the weights of the
 * aspects (each re-runs it), and the way back (the close button, or Escape in the list).
 */
export function SimilarBar() {
  const similar = useLibraryStore((s) => s.query.similar);
  const [weights, setWeights] = useState<AspectWeights | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  if (!similar) return null;
  const shown = weights ?? similar.weights;
  const change = (key: keyof AspectWeights, value: number) => {
    const next = { ...shown, [key]: value };
    setWeights(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      setSimilarWeights(next);
      setWeights(null);
    }, SETTLE_MS);
  };
  return (
    <div className="similar-bar" role="region" aria-label="Find similar">
      <span className="similar-title" title={similar.path}>
        Similar to {similar.name}
      </span>
      {ASPECTS.map((a) => (
        <label key={a.key} title={a.title}>
          {a.label}
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            aria-label={a.label}
            value={shown[a.key]}
            onChange={(event) => change(a.key, Number(event.target.value))}
          />
        </label>
      ))}
      <button
        aria-label="Close find similar"
        title="Back to the whole list (Escape)"
        onClick={leaveSimilar}
      >
        ✕
      </button>
    </div>
  );
}
