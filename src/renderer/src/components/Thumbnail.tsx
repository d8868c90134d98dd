import { useEffect } from 'react';
import { cancelThumbnail, requestThumbnail, useThumbnailStore } from '../stores/thumbnails';
import { peaksPath } from './Waveform';

/** A row's small waveform, asked for only once the row has been on screen for a moment. */
export function Thumbnail({ id }: { id: number }) {
  const peaks = useThumbnailStore((s) => s.peaks.get(id));
  useEffect(() => {
    const timer = setTimeout(() => requestThumbnail(id), 150);
    return () => {
      clearTimeout(timer);
      cancelThumbnail(id);
    };
  }, [id]);
  return (
    <svg className="thumbnail" viewBox="0 0 96 20" preserveAspectRatio="none" aria-hidden="true">
      {peaks && <path d={peaksPath(peaks, 96, 20)} />}
    </svg>
  );
}
