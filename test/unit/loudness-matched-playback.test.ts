import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureLoudness } from '../../src/main/analysis/loudness';
import { dbToGain, Player } from '../../src/main/audio/player';
import type { FileAnalysis } from '../../src/shared/contract';
import { matchedGainDb } from '../../src/shared/loudness-match';
import { audioHarness } from '../fixtures/audio-harness';
import { fileRecord } from '../fixtures/file-record';
import { wavOfSamples } from '../fixtures/wav-of-samples';
import { fileAnalysis } from '../fixtures/file-analysis';

const level = (lufs: number | null, mmax: number | null, truePeakDb: number | null) => ({
  lufs,
  mmax,
  truePeakDb,
});

describe('matchedGainDb', () => {
  it('brings the integrated loudness to the target', () => {
    expect(matchedGainDb(level(-30, -25, -20), -18)).toBeCloseTo(12, 9);
    expect(matchedGainDb(level(-8, -6, -3), -18)).toBeCloseTo(-10, 9);
  });

  it('uses the max momentary loudness of a file too short for an integrated one', () => {
    expect(matchedGainDb(level(null, -26, -20), -18)).toBeCloseTo(8, 9);
  });

  it('never raises the true peak above the ceiling, nor by more than +24 dB', () => {
    expect(matchedGainDb(level(-30, -20, -3), -18)).toBeCloseTo(2, 9);
    expect(matchedGainDb(level(-30, -20, -3), -18, -0.5)).toBeCloseTo(2.5, 9);
    // A true peak above 0 dBTP is lowered even when the loudness is under the target.
    expect(matchedGainDb(level(-20, -18, 1.5), -18)).toBeCloseTo(-2.5, 9);
    expect(matchedGainDb(level(-70, -60, -50), -18)).toBe(24);
  });

  it('leaves a file without a loudness (silent, or not analysed) as it is', () => {
    expect(matchedGainDb(null, -18)).toBe(0);
    expect(matchedGainDb(level(null, null, null), -18)).toBe(0);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'sd-match-'));

/** A 16-bit stereo 44.1 kHz WAV of `samples` (interleaved), on disk. */
function wav16(name: string, samples: Int16Array): string {
  const path = join(dir, name);
  writeFileSync(path, wavOfSamples(samples, 2, 44_100));
  return path;
}

/** 1.5 s of a 1 kHz tone peaking at `db` dBFS, with `clicks` samples at `clickDb` dBFS. */
function tone(db: number, clicks: number[] = [], clickDb = 0): Int16Array {
  const frames = 66_150;
  const out = new Int16Array(frames * 2);
  for (let f = 0; f < frames; f++) {
    const v = Math.round(32767 * 10 ** (db / 20) * Math.sin((2 * Math.PI * 1000 * f) / 44_100));
    out[2 * f] = v;
    out[2 * f + 1] = v;
  }
  for (const f of clicks) out[2 * f] = out[2 * f + 1] = Math.round(32767 * 10 ** (clickDb / 20));
  return out;
}

/** The analysis a file's samples give (as the analysis worker would store it). */
function analysisOf(samples: Int16Array): FileAnalysis {
  const planes = [0, 1].map((c) =>
    Float32Array.from({ length: samples.length / 2 }, (_, f) => samples[2 * f + c]! / 32768),
  );
  return fileAnalysis(measureLoudness({ planes, sampleRate: 44_100 }));
}

/** Plays `samples` through the player into the ALSA file device, matched to -18 LUFS: what came out, and the gain. */
async function playMatched(name: string, samples: Int16Array) {
  const path = wav16(name, samples);
  const analysis = analysisOf(samples);
  const audio = await audioHarness();
  const record = fileRecord(path, { id: 1, frames: samples.length / 2, durationSec: 1.5 });
  const player = new Player({
    engine: audio.engine,
    lookup: (id) => (id === 1 ? record : undefined),
    onState: () => undefined,
    onProgress: () => undefined,
    initial: { volumeDb: 0, loop: false, autoPlay: false },
    persist: () => undefined,
    loudnessOf: (p) => (p === path ? analysis : null),
  });
  audio.engine.onMessage((message) => player.onMessage(message));
  player.setLoudnessMatch({ on: true, targetLufs: -18 });
  player.play(1);
  await expect.poll(() => player.get().state, { timeout: 15_000 }).toBe('stopped');
  const captured = await audio.captured();
  audio.dispose();
  const out = new Int16Array(captured.buffer, captured.byteOffset, captured.length >> 1);
  return { out, gainDb: matchedGainDb(analysis, -18), analysis };
}

/** `samples` scaled as the player scales them: rounded to nearest, clamped to 16 bits. */
const scaled = (samples: Int16Array, gain: number) =>
  samples.map((s) => Math.max(-32768, Math.min(32767, Math.round(s * gain))));

describe('loudness-matched playback through the real audio process', () => {
  it('plays a quiet file raised to the target: the bytes out are the file’s scaled by the gain', async () => {
    const samples = tone(-30);
    const { out, gainDb, analysis } = await playMatched('quiet.wav', samples);
    // Stereo at -30 dBFS reads -30 LUFS: +12 dB to -18, far under the ceiling.
    expect(analysis.lufs!).toBeCloseTo(-30, 1);
    expect(gainDb).toBeCloseTo(12, 1);
    expect(out.length).toBe(samples.length);
    expect(Array.from(out)).toEqual(Array.from(scaled(samples, dbToGain(gainDb))));
  });

  it('raises a quiet file with loud clicks only to the -1 dBTP ceiling: nothing clips', async () => {
    const samples = tone(-40, [10_000, 30_000, 50_000], -4);
    const { out, gainDb, analysis } = await playMatched('clicks.wav', samples);
    // The loudness asks for about +22 dB; the clicks' true peak leaves room for about +3.
    expect(-18 - analysis.lufs!).toBeGreaterThan(15);
    expect(gainDb).toBeCloseTo(-1 - analysis.truePeakDb!, 9);
    expect(gainDb).toBeLessThan(4);
    expect(Array.from(out)).toEqual(Array.from(scaled(samples, dbToGain(gainDb))));
    const peak = out.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    expect(peak).toBeLessThanOrEqual(Math.ceil(32768 * dbToGain(-1)));
  });
});
