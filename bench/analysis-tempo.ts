/**
 * Tempo detection on >= 200 seeded synthetic drum loops (60-200 BPM, every pattern, swing, 1-4
 * bars, some with leading silence or a decay tail): share within 0.5 BPM, exact half/double,
 * wrong; against `aubio tempo` (Debian aubio-tools, run as a separate process) on the same loop
 * repeated to >= 16 s, scored the same way in the same run. Also times rhythm + tonal for a
 * 5-minute signal and for 1-second one-shots.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { wavOfSamples } from '../test/fixtures/wav-of-samples';
import { measureRhythm } from '../src/main/analysis/rhythm';
import { measureTonal } from '../src/main/analysis/tonal';
import { loopSet, renderLoop } from '../test/fixtures/synth-loops';
import { renderOneShot, TIMBRES } from '../test/fixtures/synth-tonal';

const run = promisify(execFile);
const COUNT = Number(process.env.BENCH_LOOPS ?? 200);
const RATE = 44_100;
const dir = join(process.cwd(), '.bench-data', 'analysis-tempo');
mkdirSync(dir, { recursive: true });
const plain = {
  tempo: null,
  tempoSource: null,
  beats: null,
  name: 'x.wav',
  leadSec: 0,
  tailSec: 0,
};

type Verdict = 'within' | 'halfDouble' | 'wrong';
function score(bpm: number | null, truth: number): Verdict {
  if (bpm === null) return 'wrong';
  if (Math.abs(bpm - truth) <= 0.5) return 'within';
  if (Math.abs(bpm - 2 * truth) <= 1 || Math.abs(bpm - truth / 2) <= 0.25) return 'halfDouble';
  return 'wrong';
}

/** 16-bit mono WAV of the samples. */
function wav(samples: Float32Array): Buffer {
  const data = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++)
    data[i] = Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767);
  return wavOfSamples(data, 1, RATE);
}

function repeatTo(samples: Float32Array, seconds: number): Float32Array {
  const copies = Math.max(1, Math.ceil((seconds * RATE) / samples.length));
  const out = new Float32Array(samples.length * copies);
  for (let c = 0; c < copies; c++) out.set(samples, c * samples.length);
  return out;
}

async function aubioTempo(file: string): Promise<number | null> {
  const { stdout } = await run('aubio', ['tempo', file]);
  const m = /^(\d+(?:\.\d+)?) bpm/.exec(stdout.trim());
  return m ? Number(m[1]) : null;
}

async function main(): Promise<void> {
  const ours: Record<Verdict, number> = { within: 0, halfDouble: 0, wrong: 0 };
  const aubio: Record<Verdict, number> = { within: 0, halfDouble: 0, wrong: 0 };
  let oursMs = 0;
  const pending: Promise<void>[] = [];
  for (const [i, options] of loopSet(COUNT, 11).entries()) {
    const loop = renderLoop(options);
    const t0 = performance.now();
    const r = measureRhythm(loop.samples, RATE, plain);
    oursMs += performance.now() - t0;
    ours[score(r.bpm, options.bpm)]++;
    const file = join(dir, `loop-${i}.wav`);
    writeFileSync(file, wav(repeatTo(loop.samples, 16)));
    pending.push(aubioTempo(file).then((bpm) => void aubio[score(bpm, options.bpm)]++));
    if (pending.length >= 2) await pending.shift();
  }
  await Promise.all(pending);

  // Cost: rhythm + tonal for 5 minutes (a loop repeated) and for 1-second one-shots.
  const song = repeatTo(renderLoop({ seed: 1, bpm: 124, bars: 4, pattern: 'four' }).samples, 300);
  let t0 = performance.now();
  const songRhythm = measureRhythm(song, RATE, plain);
  measureTonal(song, RATE, songRhythm.kind);
  const fiveMinuteMs = performance.now() - t0;
  const shots = Array.from({ length: 200 }, (_, i) =>
    renderOneShot(36 + (i % 48), TIMBRES[i % 6]!, i),
  );
  t0 = performance.now();
  for (const shot of shots) measureTonal(shot, RATE, measureRhythm(shot, RATE, plain).kind);
  const oneShotMs = (performance.now() - t0) / shots.length;
  // Rhythm alone, against its budget (<= 2 ms a 1 s one-shot, < 250 ms a 5-minute file).
  t0 = performance.now();
  measureRhythm(song, RATE, plain);
  const rhythmFiveMinutesMs = performance.now() - t0;
  t0 = performance.now();
  for (const shot of shots) measureRhythm(shot, RATE, plain);
  const rhythmOneShotMs = (performance.now() - t0) / shots.length;

  const share = (v: Record<Verdict, number>) => ({
    within05: +(v.within / COUNT).toFixed(3),
    halfDouble: +(v.halfDouble / COUNT).toFixed(3),
    wrong: +(v.wrong / COUNT).toFixed(3),
    withinOrHalfDouble: +((v.within + v.halfDouble) / COUNT).toFixed(3),
  });
  console.log(
    JSON.stringify({
      loops: COUNT,
      sampledeck: { ...share(ours), msPerLoop: +(oursMs / COUNT).toFixed(1) },
      baselineAubioTempo: { ...share(aubio), note: 'aubio tempo on the loop repeated to >= 16 s' },
      rhythmTonalFiveMinutesMs: Math.round(fiveMinuteMs),
      rhythmTonalOneShotMs: +oneShotMs.toFixed(2),
      rhythmFiveMinutesMs: Math.round(rhythmFiveMinutesMs),
      rhythmOneShotMs: +rhythmOneShotMs.toFixed(2),
    }),
  );
}

void main();
