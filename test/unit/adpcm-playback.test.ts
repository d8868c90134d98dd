/** IMA and MS ADPCM WAVs through the real audio process into the ALSA file device, against sox. */
import { describe, expect, it } from 'vitest';
import { audioHarness } from '../fixtures/audio-harness';
import { Encoder } from '../fixtures/encoded-files';
import { soxAdpcm, soxDecode } from '../fixtures/adpcm-files';

const play = (playId: number, path: string, startFrame = 0, loop = false) =>
  ({ type: 'play', playId, path, startFrame, loop, gain: 1 }) as const;

/** Samples [from, to) of `samples` as the device's bytes (16-bit little-endian). */
function pcmBytes(samples: Int16Array, from: number, to: number): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset + from * 2, (to - from) * 2);
}

describe('ADPCM playback', () => {
  it.each([
    ['IMA', 'ima-adpcm', 1],
    ['IMA', 'ima-adpcm', 2],
    ['MS', 'ms-adpcm', 1],
    ['MS', 'ms-adpcm', 2],
  ] as const)(
    'plays %s ADPCM (%s, %i channel(s)) as sox decodes it, to the length in fact',
    async (_name, encoding, channels) => {
      const audio = await audioHarness();
      const encoder = new Encoder();
      // Not a whole number of blocks: the last block is cut by fact.
      const source = { rate: 44100, channels, frames: 12_345, synth: ['sine', '100-9000'] };
      const adpcm = soxAdpcm(encoder, source, encoding);
      const reference = soxDecode(encoder, adpcm.path).samples;
      audio.send(play(1, adpcm.path));
      const started = await audio.next('started', 1);
      expect(started.message).toMatchObject({ frames: 12_345, sampleRate: 44100, channels });
      await audio.next('ended', 1);
      const captured = await audio.captured();
      encoder.dispose();
      expect(captured.length).toBe(12_345 * 2 * channels);
      expect(captured.equals(pcmBytes(reference, 0, 12_345 * channels))).toBe(true);
      audio.dispose();
    },
  );

  it.each([
    ['ima-adpcm', 2, 7_777],
    ['ms-adpcm', 1, 2_037],
  ] as const)(
    'starts %s (%i channel(s)) at frame %i inside a block, to the sample, and loops from the top',
    async (encoding, channels, start) => {
      const audio = await audioHarness();
      const encoder = new Encoder();
      const source = { rate: 22050, channels, frames: 9_001, synth: ['sine', '100-9000'] };
      const adpcm = soxAdpcm(encoder, source, encoding);
      const reference = pcmBytes(soxDecode(encoder, adpcm.path).samples, 0, 9_001 * channels);
      audio.send(play(1, adpcm.path, start));
      await audio.next('ended', 1);
      audio.send(play(2, adpcm.path, 0, true));
      await audio.next('started', 2);
      // A position that went back: the second loop has begun.
      await audio.wrapped(2, 1);
      audio.send({ type: 'stop' });
      const captured = await audio.captured();
      encoder.dispose();
      const tail = reference.subarray(start * 2 * channels);
      expect(captured.subarray(0, tail.length).equals(tail)).toBe(true);
      const looped = captured.subarray(tail.length);
      expect(looped.length).toBeGreaterThan(reference.length);
      const n = Math.min(looped.length, reference.length * 2);
      const twice = Buffer.concat([reference, reference]).subarray(0, n);
      expect(looped.subarray(0, n).equals(twice)).toBe(true);
      audio.dispose();
    },
  );
});
