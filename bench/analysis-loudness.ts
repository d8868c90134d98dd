/**
 * Loudness analysis (src/main/analysis/loudness.ts) against references, in one run:
 * - the synthesised EBU Tech 3341 (cases 1-6, 15-19) and Tech 3342 (1-4) suite at 44.1 and 48 kHz:
 *   the largest error of I, LRA and true peak;
 * - "random real material": seeded music-like WAVs (drums, bass, chords, changing dynamics;
 *   3-30 s, several rates, mono and stereo), written as 32-bit float and measured by FFmpeg's
 *   `ebur128=peak=true:metadata=1` (I and LRA to 3 decimals from the frame metadata, true peak
 *   from the summary in dBFS): max and mean |dI|, |dLRA|, |dTP| (the target is |dI| <= 0.1 LU);
 * - measureLoudness on 5 minutes of stereo 44.1 kHz, and the true-peak interpolation by the
 *   WebAssembly SIMD kernel (with its exact skipping of quiet blocks) against the plain JavaScript
 *   loop (the baseline) on the same audio
 *   (CPU ms, median of three).
 * Prints one JSON line. FFmpeg runs as a separate process (only here, never a dependency).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Signal } from '../src/main/analysis/analysis-record';
import { measureLoudness } from '../src/main/analysis/loudness';
import { interpolatedPeak, truePeakJs } from '../src/main/analysis/true-peak';
import {
  tech3341Integrated,
  tech3341TruePeak,
  tech3342,
} from '../test/fixtures/ebu-loudness-signals';
import { between, seededRandom } from '../test/fixtures/seeded-random';
import { wavOfSamples } from '../test/fixtures/wav-of-samples';
import { BENCH_DATA, median, round } from './bench-data';

const MATERIAL = 12;
const RATES = [22_050, 32_000, 44_100, 48_000, 88_200, 96_000];

function suiteErrors() {
  let dI = 0;
  let dLra = 0;
  let dTp = 0;
  for (const rate of [44_100, 48_000]) {
    for (const c of tech3341Integrated(rate))
      dI = Math.max(dI, Math.abs(measureLoudness(c.signal).lufs! - c.lufs));
    for (const c of tech3342(rate))
      dLra = Math.max(dLra, Math.abs(measureLoudness(c.signal).lra! - c.lra));
    for (const c of tech3341TruePeak(rate))
      dTp = Math.max(dTp, Math.abs(measureLoudness(c.signal).truePeakDb! - c.dbtp));
  }
  return { maxDI: round(dI, 3), maxDLRA: round(dLra, 3), maxDTP: round(dTp, 3) };
}

/** A music-like signal: a kick and hats on a tempo, a bass line, a chord pad, sections at changing levels. */
function material(seed: number): Signal {
  const random = seededRandom(seed);
  const sampleRate = RATES[Math.floor(random() * RATES.length)]!;
  const channels = random() < 0.3 ? 1 : 2;
  const frames = Math.round(between(random, 3, 30) * sampleRate);
  const beat = Math.round((60 / between(random, 70, 170)) * sampleRate);
  const root = between(random, 40, 90);
  const chord = [1, 1.26, 1.5, 2].map((r) => r * root * 2);
  const sectionFrames = Math.round(between(random, 1, 6) * sampleRate);
  const dynamics = between(random, 2, 20); // dB of level change between sections
  const planes = Array.from({ length: channels }, () => new Float32Array(frames));
  let section = -1;
  let level = 1;
  for (let i = 0; i < frames; i++) {
    if (Math.floor(i / sectionFrames) !== section) {
      section = Math.floor(i / sectionFrames);
      level = 10 ** (-between(random, 0, dynamics) / 20);
    }
    const t = i / sampleRate;
    const inBeat = (i % beat) / sampleRate;
    const kick =
      Math.sin(2 * Math.PI * (50 + 100 * Math.exp(-inBeat * 30)) * inBeat) * Math.exp(-inBeat * 8);
    const hat = (random() * 2 - 1) * Math.exp(-(((i + beat / 2) % beat) / sampleRate) * 40) * 0.3;
    const bass = Math.sin(2 * Math.PI * root * t) * 0.4;
    let pad = 0;
    for (const f of chord) pad += Math.sin(2 * Math.PI * f * t) * 0.08;
    for (let c = 0; c < channels; c++) {
      const pan = channels === 1 ? 1 : c === 0 ? 0.8 : 1.1;
      planes[c]![i] = level * (0.5 * kick + hat * pan + bass + pad * pan) * 0.5;
    }
  }
  return { planes, sampleRate };
}

/** A 32-bit float WAV (WAVE_FORMAT_IEEE_FLOAT), interleaved, so FFmpeg reads our exact samples. */
function writeFloatWav(path: string, { planes, sampleRate }: Signal): void {
  const channels = planes.length;
  const frames = planes[0]!.length;
  const interleaved = new Float32Array(frames * channels);
  for (let i = 0; i < frames; i++)
    for (let c = 0; c < channels; c++) interleaved[i * channels + c] = planes[c]![i]!;
  writeFileSync(path, wavOfSamples(interleaved, channels, sampleRate));
}

/** FFmpeg's ebur128: I and LRA from the last frame's metadata (3 decimals), TP from the summary. */
function ffmpegLoudness(path: string): { lufs: number; lra: number; tp: number } {
  const run = spawnSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-nostats', '-i', path],
      ...['-af', 'ebur128=peak=true:metadata=1,ametadata=mode=print:file=-', '-f', 'null', '-'],
    ],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (run.status !== 0) throw new Error(`ffmpeg failed on ${path}: ${run.stderr.slice(-500)}`);
  const last = (key: string) => {
    const all = [
      ...run.stdout.matchAll(new RegExp(`lavfi\\.r128\\.${key}=(-?[\\d.]+|-?inf)`, 'g')),
    ];
    return Number(all.at(-1)?.[1]);
  };
  const summary = run.stderr.slice(run.stderr.lastIndexOf('Summary:'));
  const tp = Number(/True peak:\s*\n\s*Peak:\s*(-?[\d.]+|-?inf) dBFS/.exec(summary)?.[1]);
  return { lufs: last('I'), lra: last('LRA'), tp };
}

function materialErrors() {
  const dir = join(BENCH_DATA, 'analysis-loudness');
  mkdirSync(dir, { recursive: true });
  const errors = { dI: [] as number[], dLRA: [] as number[], dTP: [] as number[] };
  let seconds = 0;
  for (let seed = 1; seed <= MATERIAL; seed++) {
    const signal = material(seed);
    const path = join(dir, `material-${seed}.wav`);
    writeFloatWav(path, signal);
    seconds += signal.planes[0]!.length / signal.sampleRate;
    const ours = measureLoudness(signal);
    const ref = ffmpegLoudness(path);
    errors.dI.push(Math.abs(ours.lufs! - ref.lufs));
    // ffmpeg reads LRA 0 where we store null (no 3 s window above the gates).
    errors.dLRA.push(Math.abs((ours.lra ?? 0) - ref.lra));
    errors.dTP.push(Math.abs(ours.truePeakDb! - ref.tp));
  }
  const max = (v: number[]) => round(Math.max(...v), 3);
  const mean = (v: number[]) => round(v.reduce((a, b) => a + b, 0) / v.length, 3);
  return {
    files: MATERIAL,
    seconds: round(seconds, 1),
    maxDI: max(errors.dI),
    meanDI: mean(errors.dI),
    maxDLRA: max(errors.dLRA),
    meanDLRA: mean(errors.dLRA),
    maxDTP: max(errors.dTP),
    meanDTP: mean(errors.dTP),
  };
}

function timings() {
  const rate = 44_100;
  const long = material(7);
  // Five minutes of stereo at 44.1 kHz: the material repeated, with its level drifting.
  const frames = 300 * rate;
  const planes = [0, 1].map((c) => {
    const src = long.planes[Math.min(c, long.planes.length - 1)]!;
    const plane = new Float32Array(frames);
    for (let i = 0; i < frames; i++)
      plane[i] = src[i % src.length]! * (0.6 + 0.4 * Math.sin(i / rate / 7));
    return plane;
  });
  const signal: Signal = { planes, sampleRate: rate };
  // CPU time of this thread's process, not wall time: the machine is shared, and a busy
  // neighbour should not count against the measure.
  const time = (f: () => void) => {
    const start = process.cpuUsage();
    f();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  measureLoudness(signal); // warm up (the kernel is compiled once per thread)
  const measureMs = median([0, 1, 2].map(() => time(() => measureLoudness(signal))));
  const tenSeconds = planes.map((p) => p.subarray(0, 10 * rate));
  const kernelMs = median([0, 1, 2].map(() => time(() => interpolatedPeak(tenSeconds))));
  const jsMs = median([0, 1, 2].map(() => time(() => truePeakJs(tenSeconds))));
  return {
    measureLoudness5minStereoCpuMs: round(measureMs),
    truePeakSimdSkippingMsPerChannelSecond: round(kernelMs / 20, 3),
    truePeakJsMsPerChannelSecond: round(jsMs / 20, 3),
    truePeakSpeedup: round(jsMs / kernelMs, 1),
  };
}

console.log(
  JSON.stringify({
    bench: 'analysis-loudness',
    suite: suiteErrors(),
    material: materialErrors(),
    ...timings(),
  }),
);
