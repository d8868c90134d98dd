/**
 * Lent planes (scratch-planes.ts): one thread's analyses reuse one set of planes, and nothing of
 * one file reaches the next. Real WAVs on disk through analyseFileTask (which lends the planes
 * and lets the mono mix overwrite them), each against the same file analysed alone in fresh
 * memory; and the lending rules, with the release timer run by hand.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseSignal } from '../../src/main/analysis/analyse-signal';
import { analyseFileTask, hintsOf } from '../../src/main/analysis/analysis-task';
import { decodeFile } from '../../src/main/analysis/decode-signal';
import { ScratchPlanes, type ScratchTimers } from '../../src/main/analysis/scratch-planes';
import { renderLoop } from '../fixtures/synth-loops';
import { renderOneShot, renderProgression } from '../fixtures/synth-tonal';
import { wavOfSamples } from '../fixtures/wav-of-samples';

const dir = mkdtempSync(join(tmpdir(), 'sd-scratch-'));

/** Planes interleaved, as 16-bit PCM or 32-bit float. */
function writeWav(name: string, planes: Float32Array[], rate: number, float = false): string {
  const frames = planes[0]!.length;
  const interleaved = new Float32Array(frames * planes.length);
  planes.forEach((plane, c) => plane.forEach((v, i) => (interleaved[i * planes.length + c] = v)));
  const samples = float
    ? interleaved
    : Int16Array.from(interleaved, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 32767));
  const path = join(dir, name);
  writeFileSync(path, wavOfSamples(samples, planes.length, rate));
  return path;
}

const gain = (x: Float32Array, g: number) => x.map((v) => v * g);

describe('analyses through lent planes', () => {
  it('give each file what it gets alone, whatever came before it on the thread', async () => {
    const loop = renderLoop({ seed: 3, bpm: 124, bars: 2, pattern: 'four' });
    const chords = renderProgression({ seed: 4, tonic: 2, minor: true, timbre: 'epiano' });
    const pluck = renderOneShot(57, 'pluck', 5);
    const n = chords.samples.length;
    // Longest and loudest first, so anything left over would show in the shorter files' tails.
    const paths = [
      writeWav('loop stereo.wav', [loop.samples, gain(loop.samples, 0.5)], loop.sampleRate),
      writeWav('chords mono.wav', [chords.samples.subarray(0, n >> 1)], chords.sampleRate),
      writeWav('pluck stereo.wav', [gain(pluck, 0.2), gain(pluck, 0.1)], 44_100),
      writeWav(
        'three channels.wav',
        [
          chords.samples.subarray(0, 20_000),
          gain(pluck, 0.3).subarray(0, 20_000),
          pluck.subarray(0, 20_000),
        ],
        44_100,
        true,
      ),
      writeWav('loop again.wav', [gain(loop.samples, 0.7), loop.samples], loop.sampleRate),
    ];
    for (const path of paths) {
      const lent = await analyseFileTask({ path });
      if (!lent.ok) throw new Error(lent.error);
      const { signal, header } = await decodeFile(path);
      const alone = analyseSignal(signal, hintsOf(path, header));
      expect({ ...lent.record, vector: [...lent.record.vector] }, path).toEqual({
        ...alone,
        vector: [...alone.vector],
      });
    }
  });
});

/** Timers run by hand: what is due. */
function manualTimers() {
  const due = new Set<() => void>();
  const timers: ScratchTimers = {
    set: (run) => {
      due.add(run);
      return run;
    },
    clear: (handle) => due.delete(handle as () => void),
  };
  return { timers, fire: () => [...due].forEach((run) => (due.delete(run), run())), due };
}

describe('ScratchPlanes', () => {
  it('lends the same zeroed memory to the next use, and fresh memory to any other', async () => {
    const { timers } = manualTimers();
    const scratch = new ScratchPlanes(1 << 20, 1000, timers);
    const first = await scratch.lend(async (allocate) => {
      const planes = allocate(2, 1000);
      planes.forEach((p) => p.fill(0.5));
      // A second call in the same use, and a use while this one holds the planes: fresh.
      const second = allocate(2, 1000);
      expect(second[0]!.buffer).not.toBe(planes[0]!.buffer);
      await scratch.lend(async (other) => {
        expect(other(2, 1000)[0]!.buffer).not.toBe(planes[0]!.buffer);
      });
      return planes;
    });
    expect(scratch.keptBytes).toBe(2 * 1250 * 4);
    await scratch.lend(async (allocate) => {
      const again = allocate(2, 800);
      expect(again[0]!.buffer).toBe(first[0]!.buffer);
      expect(again[1]!.buffer).toBe(first[1]!.buffer);
      expect(again.map((p) => p.length)).toEqual([800, 800]);
      expect(again.every((p) => p.every((v) => v === 0))).toBe(true);
    });
  });

  it('grows for a longer file, gives a signal over the limit fresh memory and keeps none of it', async () => {
    const { timers } = manualTimers();
    const scratch = new ScratchPlanes(64_000, 1000, timers);
    await scratch.lend(async (allocate) => void allocate(1, 1000));
    const small = scratch.keptBytes;
    await scratch.lend(async (allocate) => void allocate(1, 10_000));
    expect(scratch.keptBytes).toBeGreaterThanOrEqual(40_000);
    expect(scratch.keptBytes).toBeGreaterThan(small);
    const kept = scratch.keptBytes;
    await scratch.lend(async (allocate) => {
      const big = allocate(2, 10_000); // 80,000 bytes
      expect(big.map((p) => p.length)).toEqual([10_000, 10_000]);
    });
    expect(scratch.keptBytes).toBe(kept);
  });

  it('lets the planes go after a while unused; a use in between keeps them', async () => {
    const { timers, fire, due } = manualTimers();
    const scratch = new ScratchPlanes(1 << 20, 1000, timers);
    await scratch.lend(async (allocate) => void allocate(2, 100));
    expect(due.size).toBe(1);
    await scratch.lend(async (allocate) => void allocate(2, 100));
    expect(due.size).toBe(1); // the first release was cancelled, a new one set
    expect(scratch.keptBytes).toBeGreaterThan(0);
    fire();
    expect(scratch.keptBytes).toBe(0);
  });

  it('gives the planes back when the use fails', async () => {
    const { timers } = manualTimers();
    const scratch = new ScratchPlanes(1 << 20, 1000, timers);
    let lent: Float32Array | null = null;
    await expect(
      scratch.lend(async (allocate) => {
        lent = allocate(1, 100)[0]!;
        throw new Error('decoder failed');
      }),
    ).rejects.toThrow('decoder failed');
    await scratch.lend(async (allocate) => {
      expect(allocate(1, 100)[0]!.buffer).toBe(lent!.buffer);
    });
  });
});
