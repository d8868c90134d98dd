/**
 * Waveform peaks of compressed files in the worker pool: one thread of the built
 * out/main/file-worker.js computes the peaks of 3 minutes of stereo 44.1 kHz audio as FLAC, as
 * MP3 and, as the baseline, as the 16-bit WAV they were encoded from, in the same run. Prints
 * one JSON line with each as × real time (seconds of audio per second), median of a few runs
 * on a warm disk cache, after one run each that also makes the thread's decoders.
 *
 * The audio is a sweep over pink noise, so FLAC compresses it about as much as music (a pure
 * tone would compress, and decode, unrealistically well). Made once with sox, flac and lame
 * under .bench-data/ and reused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerPool } from '../src/main/workers/worker-pool';
import { builtEntry } from '../test/fixtures/built';
import { BENCH_DATA, median, round } from './bench-data';

const SECONDS = 180;
const RUNS = 5;
const BUCKETS = 2000;

interface Files {
  wav: string;
  flac: string;
  mp3: string;
  vorbis: string;
  opus: string;
}

function files(): Files {
  const dir = join(BENCH_DATA, `peaks-codecs-${SECONDS}s`);
  const made = {
    wav: join(dir, 'mix.wav'),
    flac: join(dir, 'mix.flac'),
    mp3: join(dir, 'mix.mp3'),
    vorbis: join(dir, 'mix.ogg'),
    opus: join(dir, 'mix.opus'),
  };
  if (existsSync(made.mp3) && existsSync(made.opus)) return made;
  mkdirSync(dir, { recursive: true });
  const run = (command: string, args: string[]) => execFileSync(command, args, { stdio: 'pipe' });
  run('sox', [
    ...['-r', '44100', '-c', '2', '-n', '-b', '16', made.wav],
    ...['synth', `${SECONDS}`, 'pinknoise', 'sine', '50-12000', 'vol', '0.4'],
  ]);
  run('flac', ['-s', '-f', '-o', made.flac, made.wav]);
  run('oggenc', ['-Q', '-o', made.vorbis, made.wav]);
  run('opusenc', ['--quiet', made.wav, made.opus]);
  // The MP3 last: its presence says all are complete.
  run('lame', ['--quiet', made.wav, `${made.mp3}.partial`]);
  renameSync(`${made.mp3}.partial`, made.mp3);
  return made;
}

async function main(): Promise<void> {
  const made = files();
  const pool = new WorkerPool(builtEntry('file-worker'), 1);
  const ms: Record<keyof Files, number[]> = { wav: [], flac: [], mp3: [], vorbis: [], opus: [] };
  const kinds = Object.keys(ms) as (keyof Files)[];
  try {
    // Warm the disk cache, start the thread and make its decoders; check it is not silence.
    for (const kind of kinds) {
      const { peaks } = await pool.peaks({ path: made[kind], buckets: BUCKETS });
      const loudest = Math.max(...peaks.map(Math.abs));
      if (loudest < 20) throw new Error(`the bench ${kind} looks silent (peak ${loudest})`);
    }
    for (let run = 0; run < RUNS; run++) {
      for (const kind of kinds) {
        const start = performance.now();
        await pool.peaks({ path: made[kind], buckets: BUCKETS });
        ms[kind].push(performance.now() - start);
      }
    }
  } finally {
    await pool.dispose();
  }
  const realTime = (kind: keyof Files) => round(SECONDS / (median(ms[kind]) / 1000), 0);
  const figures = (kind: keyof Files) => ({
    bytes: statSync(made[kind]).size,
    ms: round(median(ms[kind]), 1),
    xRealTime: realTime(kind),
  });
  console.log(
    JSON.stringify({
      bench: 'peaks-codecs',
      audio: `${SECONDS} s, 44.1 kHz stereo, pink noise + sweep`,
      threads: 1,
      runs: RUNS,
      buckets: BUCKETS,
      baseline: { what: 'the 16-bit WAV the others were encoded from', ...figures('wav') },
      flac: { what: 'flac -5', goalXRealTime: 200, ...figures('flac') },
      mp3: { what: 'lame 128 kbit/s CBR', goalXRealTime: 50, ...figures('mp3') },
      vorbis: { what: 'oggenc defaults (q 3)', ...figures('vorbis') },
      opus: { what: 'opusenc defaults (decoded at 48 kHz)', ...figures('opus') },
    }),
  );
}

void main();
