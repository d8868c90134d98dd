import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryQuery, type LibraryQueryInput } from '../../src/shared/contract';
import { LibraryService } from '../../src/main/library/library-service';
import { WorkerPool } from '../../src/main/workers/worker-pool';
import { MapAnalysisView } from '../fixtures/analysis-map-view';
import { fileAnalysis } from '../fixtures/file-analysis';
import { makeWav } from '../fixtures/audio-files';
import { Encoder } from '../fixtures/encoded-files';
import { sourceWorker } from '../fixtures/source-worker';

const q = (input: LibraryQueryInput = {}) => libraryQuery.parse(input);
const root = mkdtempSync(join(tmpdir(), 'sd-analysis-query-'));
const at = (name: string) => join(root, name);

/**
 * Real files scanned by a real library service, and what an analysis heard in most of them:
 * `Noise.wav` is not analysed yet.
 */
const pool = new WorkerPool(sourceWorker('file-worker'), 1);
const view = new MapAnalysisView();
const encoder = new Encoder();
const library = new LibraryService({
  cacheFile: join(mkdtempSync(join(tmpdir(), 'sd-cache-')), 'library.json'),
  pool,
  onChanged: () => undefined,
  watch: false,
  analysis: view,
});

beforeAll(async () => {
  const short = { frames: 4410 };
  writeFileSync(at('Kick.wav'), makeWav({ ...short, before: [{ type: 'smpl', rootNote: 36 }] }));
  writeFileSync(at('Funk 120 bpm.wav'), makeWav(short));
  writeFileSync(at('Groove 100 bpm.wav'), makeWav(short));
  writeFileSync(
    at('Acid.wav'),
    makeWav({ ...short, before: [{ type: 'acid', tempo: 90, beats: 8 }] }),
  );
  writeFileSync(at('Snare.wav'), makeWav(short));
  writeFileSync(at('Noise.wav'), makeWav(short));
  const pad = encoder.flac({ rate: 44100, channels: 2, frames: 4410 }, ['--tag=INITIALKEY=F#m']);
  writeFileSync(at('Pad.flac'), pad.bytes);
  await library.add([root]);
  await library.idle();
  const kick = { kind: 'oneshot', mmax: -8, truePeakDb: -0.5, centroidHz: 3000, rootMidi: 36.2 };
  view.set(
    at('Kick.wav'),
    fileAnalysis(kick as Partial<ReturnType<typeof fileAnalysis>>),
    [0, 0, 0],
  );
  view.set(
    at('Funk 120 bpm.wav'),
    fileAnalysis({
      kind: 'loop',
      bpm: 60,
      lufs: -12,
      truePeakDb: -1.2,
      centroidHz: 1500,
      rmsDb: -16,
    }),
    [1, 5, 0],
  );
  view.set(
    at('Groove 100 bpm.wav'),
    fileAnalysis({
      kind: 'loop',
      bpm: 126,
      lufs: -9,
      truePeakDb: 0.3,
      centroidHz: 2500,
      key: 'Am',
    }),
    [2, 0, 0],
  );
  view.set(
    at('Acid.wav'),
    fileAnalysis({ kind: 'loop', bpm: 180, lufs: -20, key: 'C' }),
    [5, 0, 0],
  );
  view.set(
    at('Pad.flac'),
    fileAnalysis({ lufs: -24, lra: 6, rmsDb: -30, centroidHz: 400, key: 'Am', truePeakDb: -6 }),
    [9, 9, 9],
  );
  view.set(at('Snare.wav'), fileAnalysis());
});

afterAll(async () => {
  await library.dispose();
  await pool.dispose();
  encoder.dispose();
});

const names = (input: LibraryQueryInput = {}) =>
  library.page(q(input), 0, 100).rows.map((r) => r.name.replace(/\.\w+$/, ''));
const even = { timbre: 1, pitch: 1, envelope: 1 };
const row = (name: string) => library.page(q({ search: `"${name}"` }), 0, 1).rows[0]!;

describe('library rows and queries with the analysis', () => {
  it('gives rows their analysis, and the tempo the file, an agreeing name or the detection says', () => {
    expect(row('Groove 100 bpm').analysis).toEqual(view.of(at('Groove 100 bpm.wav')));
    expect(row('Noise').analysis).toBeNull();
    const tempo = (name: string) => {
      const { tempo, tempoSource } = row(name);
      return [tempo, tempoSource];
    };
    // The acid chunk wins over a detection (180 is double, but even a wrong one would not count).
    expect(tempo('Acid')).toEqual([90, 'acid']);
    // The name says 120 and the detection heard half of it: the name stays.
    expect(tempo('Funk 120 bpm')).toEqual([120, 'filename']);
    // The name says 100 but the detection heard 126: the detected tempo.
    expect(tempo('Groove 100 bpm')).toEqual([126, 'detected']);
    expect(tempo('Kick')).toEqual([null, null]);
    expect(tempo('Noise')).toEqual([null, null]);
  });

  it('sorts, filters and matches a clock by that tempo', () => {
    expect(names({ sort: 'tempo' })).toEqual([
      'Acid',
      'Funk 120 bpm',
      'Groove 100 bpm',
      'Kick',
      'Noise',
      'Pad',
      'Snare',
    ]);
    expect(names({ sort: 'tempo', descending: true }).slice(0, 3)).toEqual([
      'Groove 100 bpm',
      'Funk 120 bpm',
      'Acid',
    ]);
    expect(names({ search: 'bpm:126' })).toEqual(['Groove 100 bpm']);
    expect(names({ search: 'bpm:100' })).toEqual([]);
    expect(names({ search: 'bpm>100' })).toEqual(['Funk 120 bpm', 'Groove 100 bpm']);
    expect(names({ tempoMatch: 63 })).toEqual(['Groove 100 bpm']);
    expect(names({ tempoMatch: 180 })).toEqual(['Acid']);
    expect(names({ search: 'bpmsrc:detected' })).toEqual(['Groove 100 bpm']);
    expect(names({ search: 'bpmsrc:name' })).toEqual(['Funk 120 bpm']);
    expect(names({ search: 'bpmsrc:file' })).toEqual(['Acid']);
    expect(names({ search: 'bpmsrc:file bpmsrc:name' })).toEqual(['Acid', 'Funk 120 bpm']);
  });

  it('keys: the tagged key, else the detected one, in filters, facets and the sort', () => {
    // Pad is tagged F#m: what the analysis heard does not replace a tag.
    expect(names({ search: 'key:Am' })).toEqual(['Groove 100 bpm']);
    expect(names({ search: 'key:"F# minor"' })).toEqual(['Pad']);
    expect(names({ keys: ['8A'] })).toEqual(['Groove 100 bpm']);
    expect(library.facets(q()).keys).toEqual([
      { value: 'C', count: 1 },
      { value: 'F#m', count: 1 },
      { value: 'Am', count: 1 },
    ]);
    expect(names({ sort: 'key' }).slice(0, 3)).toEqual(['Acid', 'Pad', 'Groove 100 bpm']);
    // Analysed and in no key (Noise is not analysed: nothing is known of it).
    expect(names({ search: 'key:none' })).toEqual(['Funk 120 bpm', 'Kick', 'Snare']);
    expect(names({ search: '-key:none' })).toEqual(['Acid', 'Groove 100 bpm', 'Noise', 'Pad']);
    // Which key was heard: the row's meta.key is the tag, analysis.key the detection.
    expect([row('Pad').meta.key, row('Groove 100 bpm').meta.key]).toEqual(['F#m', undefined]);
  });

  it('sorts by loudness (LUFS, else max momentary), true peak and brightness, unknowns last', () => {
    expect(names({ sort: 'loudness' })).toEqual([
      'Pad',
      'Acid',
      'Funk 120 bpm',
      'Groove 100 bpm',
      'Kick',
      'Noise',
      'Snare',
    ]);
    expect(names({ sort: 'loudness', descending: true })).toEqual([
      'Kick',
      'Groove 100 bpm',
      'Funk 120 bpm',
      'Acid',
      'Pad',
      'Noise',
      'Snare',
    ]);
    expect(names({ sort: 'truePeak', descending: true })).toEqual([
      'Groove 100 bpm',
      'Kick',
      'Funk 120 bpm',
      'Pad',
      'Acid',
      'Noise',
      'Snare',
    ]);
    expect(names({ sort: 'brightness' }).slice(0, 4)).toEqual([
      'Pad',
      'Funk 120 bpm',
      'Groove 100 bpm',
      'Kick',
    ]);
    // Without a similar query, the similarity sort is by name.
    expect(names({ sort: 'similarity' })).toEqual(names());
  });

  it('filters by the measures, the kind and the root note', () => {
    expect(names({ search: 'lufs<-14' })).toEqual(['Acid', 'Pad']);
    expect(names({ search: 'lufs:-20..-10' })).toEqual(['Acid', 'Funk 120 bpm']);
    expect(names({ search: 'lufs:-12' })).toEqual(['Funk 120 bpm']);
    // Loudness as the sort: the max momentary loudness of a file too short for LUFS.
    expect(names({ search: 'lufs>-8.5' })).toEqual(['Kick']);
    expect(names({ search: 'peak>-1' })).toEqual(['Groove 100 bpm', 'Kick']);
    expect(names({ search: 'lra>=5' })).toEqual(['Pad']);
    expect(names({ search: 'rms:-20..-10dB' })).toEqual(['Funk 120 bpm']);
    expect(names({ search: 'bright:>2k' })).toEqual(['Groove 100 bpm', 'Kick']);
    expect(names({ search: 'bright<1k' })).toEqual(['Pad']);
    expect(names({ search: 'type:loop' })).toEqual(['Acid', 'Funk 120 bpm', 'Groove 100 bpm']);
    expect(names({ search: 'type:oneshot' })).toEqual(['Kick']);
    expect(names({ search: '-type:loop' })).toEqual(['Kick', 'Noise', 'Pad', 'Snare']);
    // The smpl chunk's root note, C1 in the C3 naming.
    expect(names({ search: 'note:C1' })).toEqual(['Kick']);
    expect(names({ search: 'note:C' })).toEqual(['Kick']);
    expect(names({ search: 'note:C3' })).toEqual([]);
  });

  it('finds similar files: the file first, then nearest first, with the other filters', () => {
    const kick = at('Kick.wav');
    expect(names({ similar: { path: kick, weights: even }, sort: 'similarity' })).toEqual([
      'Kick',
      'Groove 100 bpm',
      'Acid',
      'Funk 120 bpm',
      'Pad',
    ]);
    // Weights change the ranking: without pitch, Funk (far only in pitch) is nearest.
    const timbre = { timbre: 1, pitch: 0, envelope: 1 };
    expect(names({ similar: { path: kick, weights: timbre }, sort: 'similarity' })).toEqual([
      'Kick',
      'Funk 120 bpm',
      'Groove 100 bpm',
      'Acid',
      'Pad',
    ]);
    const similar = { path: kick, weights: even };
    expect(names({ similar, sort: 'similarity', search: 'type:loop' })).toEqual([
      'Groove 100 bpm',
      'Acid',
      'Funk 120 bpm',
    ]);
    expect(names({ similar, sort: 'similarity', search: '-groove' })).toEqual([
      'Kick',
      'Acid',
      'Funk 120 bpm',
      'Pad',
    ]);
    expect(names({ similar, sort: 'loudness' })).toEqual([
      'Pad',
      'Acid',
      'Funk 120 bpm',
      'Groove 100 bpm',
      'Kick',
    ]);
    expect(names({ similar, sort: 'similarity', descending: true })[0]).toBe('Pad');
  });

  it('says why there is nothing similar: a path not in the library, or not analysed', () => {
    const weights = { timbre: 1, pitch: 1, envelope: 1 };
    const missing = library.page(q({ similar: { path: at('Gone.wav'), weights } }), 0, 10);
    expect(missing.rows).toEqual([]);
    expect(missing.problems).toEqual([
      { start: 0, end: 0, message: `find similar: ${at('Gone.wav')} is not in the library` },
    ]);
    const noise = library.page(q({ similar: { path: at('Noise.wav'), weights } }), 0, 10);
    expect(noise.total).toBe(0);
    expect(noise.problems[0]!.message).toBe(
      `find similar: ${at('Noise.wav')} has not been analysed yet (or nothing else has): nothing to compare it with`,
    );
  });

  // Last: it changes the analysis the other tests read.
  it('follows the view: a new version re-sorts, re-filters and re-counts, an unchanged one reuses', () => {
    const first = library.page(q({ sort: 'loudness' }), 0, 100);
    const sorted = library.index.sortedBy('loudness', false);
    expect(library.index.sortedBy('loudness', false)).toBe(sorted);
    view.set(at('Pad.flac'), fileAnalysis({ ...view.of(at('Pad.flac'))!, lufs: -5 }));
    view.set(at('Noise.wav'), fileAnalysis({ lufs: -30, key: 'Dm', bpm: 140 }), [0, 0, 0.5]);
    const next = library.page(q({ sort: 'loudness' }), 0, 100);
    expect(next.version).toBeGreaterThan(first.version);
    expect(next.rows.map((r) => r.name)).toEqual([
      'Noise.wav',
      'Acid.wav',
      'Funk 120 bpm.wav',
      'Groove 100 bpm.wav',
      'Kick.wav',
      'Pad.flac',
      'Snare.wav',
    ]);
    expect(library.index.sortedBy('loudness', false)).not.toBe(sorted);
    // Orders that do not follow the analysis are kept.
    const byName = library.index.sortedBy('name', false);
    view.set(at('Snare.wav'), fileAnalysis({ kind: 'oneshot' }));
    expect(library.index.sortedBy('name', false)).toBe(byName);
    expect(names({ search: 'type:oneshot' })).toEqual(['Kick', 'Snare']);
    expect(library.facets(q()).keys.map((k) => k.value)).toEqual(['C', 'Dm', 'F#m', 'Am']);
    expect(names({ search: 'bpmsrc:detected', sort: 'tempo' })).toEqual([
      'Groove 100 bpm',
      'Noise',
    ]);
    expect(names({ similar: { path: at('Kick.wav'), weights: even }, sort: 'similarity' })[1]).toBe(
      'Noise',
    );
  });
});
