/**
 * Scan speed over a mixed library (WAV, AIFF, FLAC, MP3, Ogg Vorbis and Opus, tagged): the
 * scanner in a warm process over 10,000 files, and a whole cold `sampledeck scan` process
 * (start-up included) over 10,000 and 100,000; against a C open/read 4 KB/close loop over the
 * same files, compiled and run in the same run. The disk cache is warm for all of them (the
 * files were just written or read). Prints one JSON line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeAiff, makeWav } from '../test/fixtures/audio-files';
import { Encoder } from '../test/fixtures/encoded-files';
import { WorkerPool } from '../src/main/workers/worker-pool';
import { scanFolder } from '../src/main/library/scanner';
import { BENCH_DATA, listFiles, median, round } from './bench-data';

const FILES = Number(process.env.BENCH_FILES ?? 10_000);
const BIG_FILES = Number(process.env.BENCH_BIG_FILES ?? 100_000);
const RUNS = 5;
const CLI_RUNS = 3;
const REPO = resolve(__dirname, '..');

/** One small file of each kind, encoded once; the corpus is copies of these under other names. */
function sourceFiles(): { ext: string; bytes: Buffer }[] {
  const encoder = new Encoder();
  try {
    const source = { rate: 44100, channels: 2, frames: 2000 };
    const tags = (key: string, bpm: number) => ({ key, bpm, title: `loop ${key}` });
    const a = tags('Am', 120);
    const b = tags('8B', 96);
    return [
      { ext: 'wav', bytes: makeWav({ channels: 2, sampleRate: 44100, frames: 2000 }) },
      {
        ext: 'wav',
        bytes: makeWav({
          bits: 24,
          channels: 1,
          sampleRate: 48000,
          frames: 2000,
          before: [{ type: 'bext', description: 'kick', originator: 'bench' }],
          after: [{ type: 'smpl', rootNote: 60 }],
        }),
      },
      { ext: 'aif', bytes: makeAiff({ channels: 2, sampleRate: 44100, frames: 2000 }) },
      {
        ext: 'flac',
        bytes: encoder.flac(source, [`--tag=INITIALKEY=${a.key}`, `--tag=BPM=${a.bpm}`]).bytes,
      },
      {
        ext: 'mp3',
        // VBR with a Xing/Info and LAME tag, and ID3v2 text frames.
        bytes: encoder.mp3(source, ['-V', '4', '--tt', b.title, '--tv', `TKEY=${b.key}`]).bytes,
      },
      // CBR without a Xing frame: the length is estimated from the frame size.
      { ext: 'mp3', bytes: encoder.mp3(source, ['-b', '128', '-t']).bytes },
      {
        ext: 'ogg',
        bytes: encoder.vorbis(source, ['-c', `INITIALKEY=${a.key}`, '-c', `TITLE=${a.title}`])
          .bytes,
      },
      { ext: 'opus', bytes: encoder.opus(source, ['--comment', `KEY=${b.key}`]).bytes },
    ];
  } finally {
    encoder.dispose();
  }
}

/**
 * `count` files in folders of 100, an equal share of each source above (so WAV and MP3 a
 * quarter each, AIFF, FLAC, Vorbis and Opus an eighth), written once and reused across runs.
 */
function mixedFolder(count: number, sources: () => { ext: string; bytes: Buffer }[]): string {
  const root = join(BENCH_DATA, `mixed-${count}`);
  const marker = join(root, '.complete');
  if (existsSync(marker)) return root;
  const files = sources();
  for (let i = 0; i < count; i++) {
    const dir = join(root, `pack ${String(Math.floor(i / 100)).padStart(4, '0')}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    const file = files[i % files.length]!;
    writeFileSync(join(dir, `sample ${i} ${90 + (i % 60)}bpm.${file.ext}`), file.bytes);
  }
  writeFileSync(marker, '');
  return root;
}

const C_LOOP = `#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
/* One open, one 4 KB read and one close per path listed in argv[1]. */
int main(int argc, char **argv) {
  static char path[8192], buffer[4096];
  long files = 0;
  FILE *list = argc > 1 ? fopen(argv[1], "r") : NULL;
  if (!list) { perror("list"); return 2; }
  while (fgets(path, sizeof path, list)) {
    path[strcspn(path, "\\n")] = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0 || read(fd, buffer, sizeof buffer) < 0) { perror(path); return 1; }
    close(fd);
    files++;
  }
  printf("%ld\\n", files);
  return 0;
}
`;

function compileCLoop(): string {
  mkdirSync(BENCH_DATA, { recursive: true });
  const source = join(BENCH_DATA, 'open-read-close.c');
  const binary = join(BENCH_DATA, 'open-read-close');
  writeFileSync(source, C_LOOP);
  execFileSync('cc', ['-O2', '-o', binary, source]);
  return binary;
}

/** Wall time of a whole process, start-up included; throws unless it succeeds. */
function processMs(
  command: string,
  args: string[],
): { ms: number; stdout: string; stderr: string } {
  const start = performance.now();
  const child = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`${command} failed: ${child.stderr}`);
  return { ms, stdout: child.stdout, stderr: child.stderr };
}

/** The C loop over a folder's files (listed once, outside the timing): median files/s. */
function cLoop(binary: string, root: string, runs: number): { files: number; filesPerSec: number } {
  const paths = listFiles(root);
  const list = join(BENCH_DATA, `paths-${paths.length}.txt`);
  writeFileSync(list, `${paths.join('\n')}\n`);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const { ms, stdout } = processMs(binary, [list]);
    if (Number(stdout.trim()) !== paths.length) throw new Error(`C loop read ${stdout}`);
    times.push(ms);
  }
  return { files: paths.length, filesPerSec: Math.round(paths.length / (median(times) / 1000)) };
}

/** `sampledeck scan <root>` as a user runs it, output to a pipe: median files/s. */
function cliScan(root: string, files: number, runs: number): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const { ms, stderr } = processMs(process.execPath, [
      join(REPO, 'bin', 'sampledeck.js'),
      'scan',
      root,
    ]);
    // The CLI's summary line: every file read, none a problem.
    if (!stderr.includes(`${files} files, 0 problems`)) throw new Error(`cli scan: ${stderr}`);
    times.push(ms);
  }
  return Math.round(files / (median(times) / 1000));
}

/** A Node process that does nothing, the floor under any cold CLI run: median ms. */
function nodeStartMs(runs: number): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push(processMs(process.execPath, ['-e', '0']).ms);
  return Math.round(median(times));
}

async function warmScan(root: string, pool: WorkerPool): Promise<number> {
  let read = 0;
  await scanFolder({
    root,
    pool,
    onRecords: (records) => {
      for (const r of records) {
        if (r.status !== 'ok') throw new Error(`${r.path}: ${r.error ?? r.status}`);
      }
      read += records.length;
    },
    onProblem: (p) => {
      throw new Error(`${p.path}: ${p.reason}`);
    },
  });
  return read;
}

async function main() {
  let cached: { ext: string; bytes: Buffer }[] | null = null;
  const sources = () => (cached ??= sourceFiles());
  const small = mixedFolder(FILES, sources);
  const big = mixedFolder(BIG_FILES, sources);
  const binary = compileCLoop();

  // The C loop first also warms the disk cache for everything after it.
  const cSmall = cLoop(binary, small, RUNS);

  const pool = new WorkerPool(resolve(REPO, 'out', 'main', 'file-worker.js'));
  for (let i = 0; i < 3; i++) {
    if ((await warmScan(small, pool)) !== FILES) throw new Error('scan missed files');
  }
  const warmMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await warmScan(small, pool);
    warmMs.push(performance.now() - start);
  }
  const threads = pool.threads;
  await pool.dispose();

  const nodeStart = nodeStartMs(RUNS);
  const cliSmall = cliScan(small, FILES, CLI_RUNS);
  const cBig = cLoop(binary, big, 1);
  const cliBig = cliScan(big, BIG_FILES, 1);

  const warm = Math.round(FILES / (median(warmMs) / 1000));
  console.log(
    JSON.stringify({
      bench: 'scan-mixed',
      corpus:
        'WAV 1/4, MP3 1/4 (VBR with LAME tag, CBR without), AIFF, FLAC, Ogg Vorbis, Opus 1/8 each; tagged',
      runs: { warm: RUNS, cli10k: CLI_RUNS, cli100k: 1 },
      baseline: {
        what: 'C open/read 4 KB/close per listed file, whole process (cc -O2)',
        files10kPerSec: cSmall.filesPerSec,
        files100kPerSec: cBig.filesPerSec,
      },
      sampledeck: {
        warm: {
          what: 'scanFolder in a warm process: walk + stat + header (and Ogg tail) read + parse',
          threads,
          filesPerSec: warm,
          goal: 40_000,
        },
        cli: {
          what: 'node bin/sampledeck.js scan <folder>, whole process, one line per file to a pipe',
          files10kPerSec: cliSmall,
          files100kPerSec: cliBig,
          goal: 30_000,
          // At the goal 10,000 files have 333 ms, start-up included.
          nodeStartMs: nodeStart,
        },
      },
      ratio: {
        warmToC: round(warm / cSmall.filesPerSec, 2),
        cli10kToC: round(cliSmall / cSmall.filesPerSec, 2),
        cli100kToC: round(cliBig / cBig.filesPerSec, 2),
      },
    }),
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
