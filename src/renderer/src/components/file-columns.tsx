/**
 * The file table's columns: what each shows, what it sorts by, how wide it is and whether it is
 * shown by default at the window's width. The user's own choice: stores/columns.ts.
 */
import type { ReactNode } from 'react';
import type { LibraryFile, LibraryRow, SortKey } from '../../../shared/contract';
import { normaliseKey } from '../../../shared/music-key';
import { noteName } from '../../../shared/note-name';
import { formatBytes, formatDuration, formatSampleRate, formatTempo } from '../../../shared/units';
import { useNoteNaming } from '../stores/settings';
import { FavCell, NameCell, RatingCell } from './MarkCells';
import { Thumbnail } from './Thumbnail';

/** Narrow: under 1200 px (down to the 1024 px minimum); medium: under 1440 px. */
export const WIDTH_CLASSES = ['narrow', 'medium', 'wide'] as const;
export type WidthClass = (typeof WIDTH_CLASSES)[number];

export function widthClass(windowWidth: number): WidthClass {
  return windowWidth < 1200 ? 'narrow' : windowWidth < 1440 ? 'medium' : 'wide';
}

export interface Column {
  id: string;
  label: string;
  /** The sort key behind the header; none for the waveform. */
  sort: SortKey | null;
  cell: (f: LibraryRow) => ReactNode;
  className?: string;
  /** Its grid track in a wide window and in a narrow one. */
  width: string;
  narrowWidth?: string;
  /** The narrowest window it is shown in unless the user hides it (or never, unless asked). */
  from: WidthClass | 'never';
  /** Always shown: the user cannot hide it (the name, what a row is). */
  fixed?: boolean;
}

/** The rate a file plays at; for Opus (always 48 kHz) the encoder's input rate too. */
function rateCell(f: LibraryFile): ReactNode {
  const input = f.meta.inputSampleRate;
  if (input === undefined || input === f.sampleRate) return formatSampleRate(f.sampleRate);
  return (
    <span
      title={`Decodes at ${formatSampleRate(f.sampleRate)}; the input was ${formatSampleRate(input)}`}
    >
      {formatSampleRate(f.sampleRate)} ({formatSampleRate(input).replace(' kHz', '')})
    </span>
  );
}

/** A note's name as the user names notes (Settings: note naming). */
function NoteName(props: { note: number }) {
  return noteName(props.note, useNoteNaming());
}

const oneDecimal = (value: number) => value.toFixed(1);

/**
 * The tagged key by its canonical name; else the key the analysis heard, marked as detected;
 * else the root note of a sampler file (WAV smpl, AIFF INST), marked as such: a one-shot's pitch
 * says nothing of major or minor, so it is no key.
 */
export function keyCell(f: LibraryRow): ReactNode {
  const tagged = f.meta.key;
  if (tagged !== undefined) {
    const name = normaliseKey(tagged);
    return <span title={name === tagged ? undefined : `Tagged "${tagged}"`}>{name ?? tagged}</span>;
  }
  const detected = f.analysis?.key;
  if (detected) {
    const sure = f.analysis?.keyConf;
    return (
      <em
        className="detected"
        title={
          sure === null || sure === undefined
            ? 'detected'
            : `detected (${Math.round(sure * 100)} % sure)`
        }
      >
        {detected}
      </em>
    );
  }
  const root = f.meta.rootNote;
  if (root === undefined) return '';
  return (
    <span className="muted" title={`Root note (MIDI note ${root}), not a key`}>
      <NoteName note={root} /> (root)
    </span>
  );
}

const TEMPO_SOURCES: Record<NonNullable<LibraryFile['tempoSource']>, string> = {
  acid: "From the file's acid chunk",
  tag: 'From a BPM tag',
  filename: 'Guessed from the name',
  detected: 'detected',
};

/**
 * The tempo and where it came from (in the title); a detected one is in italics, with the other
 * reading when half or double time is as likely ("87/174").
 */
export function tempoCell(f: LibraryRow): ReactNode {
  const a = f.analysis;
  const detected = f.tempoSource === 'detected' || (f.tempo === null && a?.bpm != null);
  const bpm = f.tempo ?? a?.bpm ?? null;
  if (bpm === null) return '';
  if (!detected) {
    return (
      <span title={f.tempoSource ? TEMPO_SOURCES[f.tempoSource] : undefined}>
        {formatTempo(bpm)}
      </span>
    );
  }
  const alt = a?.bpmAlt ?? null;
  const shown = (value: number) => formatTempo(Math.round(value * 10) / 10);
  return (
    <em
      className="detected"
      title={alt === null ? 'detected' : `detected: ${shown(bpm)}, or ${shown(alt)}`}
    >
      {alt === null ? shown(bpm) : `${shown(bpm)}/${shown(alt)}`}
    </em>
  );
}

/** Integrated loudness; for files too short for it, the max momentary loudness, marked "M". */
export function loudnessCell(f: LibraryRow): ReactNode {
  const a = f.analysis;
  if (!a) return '';
  if (a.lufs !== null) {
    return (
      <span
        title={`Integrated loudness ${oneDecimal(a.lufs)} LUFS${a.lra === null ? '' : `, range ${oneDecimal(a.lra)} LU`}`}
      >
        {oneDecimal(a.lufs)}
      </span>
    );
  }
  if (a.mmax === null) return '';
  return (
    <span
      className="momentary"
      title={`Too short for integrated loudness: max momentary ${oneDecimal(a.mmax)} LUFS`}
    >
      M {oneDecimal(a.mmax)}
    </span>
  );
}

export function peakCell(f: LibraryRow): ReactNode {
  const peak = f.analysis?.truePeakDb ?? null;
  if (peak === null) return '';
  return (
    <span className={peak > 0 ? 'over' : undefined} title={`True peak ${oneDecimal(peak)} dBTP`}>
      {oneDecimal(peak)}
    </span>
  );
}

export function typeCell(f: LibraryRow): ReactNode {
  const a = f.analysis;
  if (a?.kind === 'oneshot') return 'One-shot';
  if (a?.kind !== 'loop') return '';
  if (a.beats === null) return 'Loop';
  return <span title={`A loop of ${a.beats} beats`}>Loop {a.beats}</span>;
}

/** The root pitch of a tuned one-shot, by the user's note naming, with its cents in the title. */
export function rootCell(f: LibraryRow): ReactNode {
  const midi = f.analysis?.rootMidi ?? null;
  if (midi === null) return '';
  const note = Math.max(0, Math.min(127, Math.round(midi)));
  const cents = Math.round((midi - note) * 100);
  return (
    <span title={`MIDI note ${midi.toFixed(2)} (${cents >= 0 ? '+' : ''}${cents} cents)`}>
      <NoteName note={note} />
    </span>
  );
}

export const columns: Column[] = [
  {
    id: 'fav',
    sort: null,
    label: 'Favourite',
    cell: (f) => <FavCell row={f} />,
    className: 'col-fav',
    width: '22px',
    from: 'narrow',
    fixed: true,
  },
  {
    id: 'name',
    sort: 'name',
    label: 'Name',
    cell: (f) => <NameCell row={f} />,
    className: 'col-name',
    width: 'minmax(140px, 3fr)',
    narrowWidth: 'minmax(120px, 3fr)',
    from: 'narrow',
    fixed: true,
  },
  {
    id: 'rating',
    sort: 'rating',
    label: 'Rating',
    cell: (f) => <RatingCell row={f} />,
    className: 'col-rating',
    width: '64px',
    from: 'narrow',
  },
  {
    id: 'wave',
    sort: null,
    label: 'Waveform',
    cell: (f) => f.status === 'ok' && f.playable && <Thumbnail id={f.id} />,
    className: 'col-wave',
    width: '90px',
    narrowWidth: '56px',
    from: 'narrow',
  },
  {
    id: 'duration',
    sort: 'durationSec',
    label: 'Duration',
    // An MP3 without a Xing/Info frame has an estimated length.
    cell: (f) => `${f.meta.durationEstimated ? '≈ ' : ''}${formatDuration(f.durationSec)}`,
    className: 'num',
    width: '80px',
    narrowWidth: '78px',
    from: 'narrow',
  },
  // What a musician sorts and filters by first; the technical properties after it.
  {
    id: 'tempo',
    sort: 'tempo',
    label: 'BPM',
    cell: tempoCell,
    className: 'num',
    width: '64px',
    narrowWidth: '56px',
    from: 'narrow',
  },
  {
    id: 'key',
    sort: 'key',
    label: 'Key',
    cell: keyCell,
    width: '64px',
    narrowWidth: '48px',
    from: 'narrow',
  },
  {
    id: 'lufs',
    sort: 'loudness',
    label: 'LUFS',
    cell: loudnessCell,
    className: 'num',
    width: '72px',
    narrowWidth: '68px',
    from: 'narrow',
  },
  {
    id: 'peak',
    sort: 'truePeak',
    label: 'Peak',
    cell: peakCell,
    className: 'num',
    width: '56px',
    narrowWidth: '52px',
    from: 'narrow',
  },
  {
    id: 'type',
    sort: null,
    label: 'Type',
    cell: typeCell,
    width: '76px',
    narrowWidth: '74px',
    from: 'narrow',
  },
  { id: 'root', sort: null, label: 'Root', cell: rootCell, width: '48px', from: 'wide' },
  {
    id: 'format',
    sort: 'format',
    label: 'Format',
    cell: (f) =>
      f.status === 'ok'
        ? f.codec === f.format || !f.codec
          ? f.format // FLAC, MP3: the codec is the format
          : `${f.format} ${f.codec}`
        : f.status === 'unsupported'
          ? `${f.format} (not supported yet)`
          : `Unreadable: ${f.error ?? ''}`,
    width: 'minmax(88px, 1.5fr)',
    // Under 1200 px the analysis's columns come first; the header menu brings Format back.
    from: 'medium',
  },
  {
    id: 'rate',
    sort: 'sampleRate',
    label: 'Rate',
    cell: rateCell,
    className: 'num',
    width: '100px',
    from: 'medium',
  },
  {
    id: 'bits',
    sort: 'bitsPerSample',
    label: 'Bits',
    cell: (f) => (f.bitsPerSample ? `${f.bitsPerSample}` : ''),
    className: 'num col-bits',
    width: '40px',
    from: 'never',
  },
  {
    id: 'channels',
    sort: 'channels',
    label: 'Ch',
    cell: (f) => (f.channels ? `${f.channels}` : ''),
    className: 'num col-channels',
    width: '32px',
    from: 'never',
  },
  {
    id: 'size',
    sort: 'sizeBytes',
    label: 'Size',
    cell: (f) => formatBytes(f.sizeBytes),
    className: 'num',
    width: '72px',
    from: 'wide',
  },
  {
    id: 'folder',
    sort: 'dir',
    label: 'Folder',
    cell: (f) => f.dir,
    className: 'col-dir',
    width: 'minmax(100px, 2fr)',
    from: 'wide',
  },
];

/** Which columns show: each column's default for the window's width, unless the user chose. */
export function visibleColumns(
  width: WidthClass,
  chosen: Readonly<Record<string, boolean>>,
): Set<string> {
  const shownFrom = (c: Column) =>
    c.from !== 'never' && WIDTH_CLASSES.indexOf(width) >= WIDTH_CLASSES.indexOf(c.from);
  return new Set(columns.filter((c) => c.fixed || (chosen[c.id] ?? shownFrom(c))).map((c) => c.id));
}

/** The rows' grid tracks for the columns shown. */
export function gridTemplate(width: WidthClass, visible: ReadonlySet<string>): string {
  return columns
    .filter((c) => visible.has(c.id))
    .map((c) => (width === 'narrow' ? (c.narrowWidth ?? c.width) : c.width))
    .join(' ');
}
