import { useEffect, useRef, useState } from 'react';
import { libraryFeed, useLibraryStore } from '../stores/library';

/** The search syntax, as the core's query parser reads it. */
const syntax: [example: string, meaning: string][] = [
  ['kick dark', 'words: each must match the name, folder or metadata (accents ignored)'],
  ['"deep kick"', 'a phrase, as written'],
  ['-loop', 'a - before a word or filter leaves those files out'],
  ['tag:kick', 'files with the tag kick (quote a tag with spaces: tag:"deep bass")'],
  ['-tag:808', 'files without the tag 808'],
  ['fav', 'favourites (-fav: the others)'],
  ['rating>=3', 'rated 3 stars or more (rating:5, rating:0 for unrated, rating:2-4)'],
  ['color:red', 'with the red colour label'],
  ['bpm:118-122', 'tempo from 118 to 122 BPM, tagged, from the name or heard (bpm:120, bpm>100)'],
  ['bpmsrc:detected', 'tempo heard by the analysis (bpmsrc:file: acid or tag, bpmsrc:name)'],
  ['key:Am', 'in that key, tagged or else heard, in any spelling (key:"A minor", key:8A)'],
  ['key:none', 'analysed and in no key (drums, noise)'],
  ['lufs<-14', 'loudness in LUFS, or max momentary for short files (lufs:-20..-10)'],
  ['peak>-1', 'true peak in dBTP (peak:-6..0)'],
  ['lra<5', 'loudness range in LU; rms: for RMS in dBFS (rms>-20)'],
  ['bright>2k', 'brightness (spectral centroid) in Hz (bright:500..1500, bright<800hz)'],
  ['type:loop', 'loops as the analysis heard them (type:oneshot)'],
  ['note:C3', 'the root note, C3 = middle C (note:F#2; note:A any octave)'],
  ['in:"My crate"', 'in a collection (sort by Position for its own order)'],
  ['format:flac', 'by format: wav, aiff, flac, mp3, ogg …'],
  ['dur<2s', 'shorter than 2 seconds (dur>500ms, dur:1-3s)'],
];

/** A "?" beside the search box that explains the syntax; an example clicked is added to the search. */
export function SearchHelp() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);
  const add = (term: string) => {
    const search = useLibraryStore.getState().query.search.trim();
    libraryFeed.setQuery({ search: search ? `${search} ${term}` : term });
  };
  return (
    <div className="search-help" ref={ref}>
      <button
        ref={button}
        aria-label="Search syntax"
        aria-expanded={open}
        title="Search syntax"
        onClick={() => setOpen(!open)}
      >
        ?
      </button>
      {open && (
        <div
          role="dialog"
          aria-label="Search syntax"
          className="popover"
          // The table grew with the analysis fields: it scrolls in a short window.
          style={{ maxHeight: '70vh', overflowY: 'auto' }}
          // Not modal: the search box stays usable beside it. Escape closes it, back to the "?".
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            setOpen(false);
            button.current?.focus();
          }}
        >
          <p className="muted small">
            Terms combine: all must match. Click an example to add it to the search.
          </p>
          <table className="syntax">
            <tbody>
              {syntax.map(([example, meaning]) => (
                <tr key={example}>
                  <td>
                    <button className="example" onClick={() => add(example)}>
                      <code>{example}</code>
                    </button>
                  </td>
                  <td>{meaning}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            A part that is not understood is shown under the box and left out; the rest still
            applies.
          </p>
        </div>
      )}
    </div>
  );
}

/** What in the search text the core could not read, under the box. */
export function QueryProblems() {
  const problems = useLibraryStore((s) => s.queryProblems);
  const search = useLibraryStore((s) => s.query.search);
  if (problems.length === 0) return null;
  return (
    <ul className="query-problems" aria-label="Search problems">
      {problems.map((p) => (
        <li key={`${p.start}-${p.end}`}>
          {p.start === 0 && p.end === 0 ? (
            // About the query, not a part of the text (find similar of a file not analysed).
            p.message
          ) : (
            <>
              not understood: <code>{search.slice(p.start, p.end) || '(end of the search)'}</code> —{' '}
              {p.message}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
