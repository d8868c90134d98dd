/**
 * What a new analysis costs the library's queries on main, at the 100,000 files, all
 * analysed: the analysis service bumps its view's version as results arrive, and the next page
 * brings the entries up to date (one lookup per file) and moves the changed files in the orders
 * that follow the analysis by a merge. Baseline in the same run: the same page when that order is
 * sorted again instead (dropping the cached order on every version), and a page after a change of
 * the marks (the cost the library already pays for a rating: its page, and the sidebar's counts,
 * which walk every file). Prints one JSON line of median ms.
 */
import type { FileAnalysis, LibraryFile } from '../src/shared/contract';
import { libraryQuery } from '../src/shared/contract';
import type { AnalysisView } from '../src/main/analysis/analysis-view';
import { comparators } from '../src/main/library/library-entry';
import { LibraryIndex } from '../src/main/library/library-index';
import { MarksMirror } from '../src/main/marks/marks-view';
import { fileRecord } from '../test/fixtures/file-record';

const FILES = 100_000;
const RUNS = 9;

const path = (i: number) => `/library/pack ${i % 400}/sample ${i} ${80 + (i % 90)} bpm.wav`;
const file = (i: number): LibraryFile =>
  fileRecord(path(i), {
    root: '/library',
    sizeBytes: 100_000 + i,
    tempo: 80 + (i % 90),
    tempoSource: 'filename',
  });
function analysis(i: number, lufs: number): FileAnalysis {
  return {
    lufs,
    mmax: lufs + 3,
    lra: 4,
    samplePeakDb: -1,
    truePeakDb: -0.5 - (i % 13),
    rmsDb: lufs - 2,
    leadSec: 0,
    tailSec: 0,
    kind: i % 2 ? 'loop' : 'oneshot',
    beats: null,
    bpm: i % 3 ? 80 + (i % 90) : 100 + (i % 40),
    bpmAlt: null,
    key: ['Am', 'C', null][i % 3]!,
    keyConf: 0.5,
    rootMidi: null,
    centroidHz: 300 + (i % 5000),
  };
}

const byPath = new Map<string, FileAnalysis>();
/** The paths each version changed, as the service lists them (changedSince); off: the baseline. */
const changes: string[] = [];
let listsChanges = true;
const view: AnalysisView & { version: number } = {
  version: 0,
  of: (p) => byPath.get(p) ?? null,
  changedSince: (version) => (listsChanges ? changes.slice(version) : null),
  similar: { set: () => {}, delete: () => {}, vectorOf: () => null, nearest: () => [] },
};
for (let i = 0; i < FILES; i++) byPath.set(path(i), analysis(i, -40 + ((i * 7919) % 3500) / 100));
const marks = new MarksMirror();
const index = new LibraryIndex(marks, view);
index.upsert(Array.from({ length: FILES }, (_, i) => file(i)));

const byName = libraryQuery.parse({});
const byLoudness = libraryQuery.parse({ sort: 'loudness' });
index.page(byName, 0, 60);
index.page(byLoudness, 0, 60);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function timed(change: (run: number) => void, page: () => void): number {
  const ms: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    change(run);
    const start = performance.now();
    page();
    ms.push(performance.now() - start);
  }
  return Math.round(median(ms) * 10) / 10;
}
/** One file analysed again (a new object, as the service stores a new result). */
const analyseOne = (run: number) => {
  const i = (run * 104_729) % FILES;
  byPath.set(path(i), analysis(i, -60 + run));
  view.version += 1;
  changes.push(path(i));
};

const analysisNamePage = timed(analyseOne, () => index.page(byName, 0, 60));
const analysisLoudnessPage = timed(analyseOne, () => index.page(byLoudness, 0, 60));
const entries = [...index.entries()];
const resortLoudness = timed(analyseOne, () => {
  index.entry(path(0)); // brings the entries up to date, as the page does
  [...entries].sort(comparators.loudness(false));
});
const rate = (run: number) =>
  marks.set(path(run), { fav: false, rating: 1 + (run % 5), color: null, tags: [] });
const marksNamePage = timed(rate, () => index.page(byName, 0, 60));
// The sidebar's counts walk every file after any change: what a marks change already costs.
const marksFacets = timed(rate, () => index.facets(byName));
const analysisFacets = timed(analyseOne, () => index.facets(byName));
// The same page when the view cannot say what changed: one lookup per file per version.
listsChanges = false;
const everyFileNamePage = timed(analyseOne, () => index.page(byName, 0, 60));

console.log(
  JSON.stringify({
    files: FILES,
    runs: RUNS,
    analysisChangeNamePageMs: analysisNamePage,
    analysisChangeLoudnessPageMs: analysisLoudnessPage,
    baselineEveryFileLookedAtNamePageMs: everyFileNamePage,
    baselineResortLoudnessMs: resortLoudness,
    analysisChangeFacetsMs: analysisFacets,
    baselineMarksChangeNamePageMs: marksNamePage,
    baselineMarksChangeFacetsMs: marksFacets,
  }),
);
