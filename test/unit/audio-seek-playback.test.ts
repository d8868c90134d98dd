import { afterAll, describe, expect, it } from 'vitest';
import { audioHarness } from '../fixtures/audio-harness';
import { Encoder } from '../fixtures/encoded-files';
import { flacReference, largestDifference, lameReference } from '../fixtures/reference-decode';

const encoder = new Encoder();
afterAll(() => encoder.dispose());

const play = (playId: number, path: string, startFrame = 0, loop = false) =>
  ({ type: 'play', playId, path, startFrame, loop, gain: 1 }) as const;

/** A sweep with noise: frames of every size, and no stretch that looks like another. */
const busy = ['sine', '200-6000', 'vol', '0.5', 'synth', 'pinknoise', 'mix'];

/** Everything the device gets when `path` plays from `startFrame` to its end. */
async function playedFrom(path: string, startFrame: number): Promise<Buffer> {
  const audio = await audioHarness();
  audio.send(play(1, path, startFrame));
  await audio.next('ended', 1);
  const captured = await audio.captured();
  audio.dispose();
  return captured;
}

describe('starting and seeking compressed files inside them, through the ALSA file device', () => {
  it.each([
    ['without a SEEKTABLE', ['--no-seektable']],
    ['with a SEEKTABLE', []],
  ])('a FLAC %s starts at frame N bit-exact against flac -d', async (_name, args) => {
    const flac = encoder.flac({ rate: 44100, channels: 2, frames: 44100 * 8, synth: busy }, args);
    const expected = flacReference(encoder, flac.path);
    const start = 44100 * 6 + 4321;
    const captured = await playedFrom(flac.path, start);
    expect(captured.length).toBe(expected.length - start * 4);
    expect(captured.equals(expected.subarray(start * 4))).toBe(true);
  });

  it('an MP3 started at frame N gives the samples of its decode from the top, from N', async () => {
    const mp3 = encoder.mp3({ rate: 44100, channels: 2, frames: 44100 * 6, synth: busy }, ['-V2']);
    const lame = lameReference(encoder, mp3.path);
    const whole = await playedFrom(mp3.path, 0);
    expect(whole.length).toBe(44100 * 6 * 4);
    const start = 44100 * 4 + 777;
    const captured = await playedFrom(mp3.path, start);
    // Bit-exact against our own decode from the top (mpg123 from the first byte, gapless).
    expect(captured.equals(whole.subarray(start * 4))).toBe(true);
    // And against LAME's own decoder (mpglib, a different float path): within 2 LSB.
    expect(largestDifference(captured, lame.subarray(start * 4))).toBeLessThanOrEqual(2);
  });

  it('a seek while an MP3 plays resumes at the sample asked for', async () => {
    const mp3 = encoder.mp3({ rate: 48000, channels: 2, frames: 48000 * 4, synth: busy });
    const whole = await playedFrom(mp3.path, 0);
    const audio = await audioHarness();
    audio.send(play(1, mp3.path));
    await audio.position(1, 9600); // 0.2 s in
    const target = 48000 * 3 + 123;
    audio.send({ type: 'seek', playId: 1, frame: target });
    await audio.next('ended', 1);
    const captured = await audio.captured();
    audio.dispose();
    const tail = whole.subarray(target * 4);
    const head = captured.length - tail.length;
    expect(head).toBeGreaterThan(0);
    expect(captured.subarray(0, head).equals(whole.subarray(0, head))).toBe(true);
    expect(captured.subarray(head).equals(tail)).toBe(true);
  });
});

describe('a looped one-bar MP3', () => {
  it('plays its second loop straight after the first: no gap, no click at the seam', async () => {
    // One bar at 120 BPM (2 s): a plucked note on each beat, LAME-tagged (gapless).
    const bar = 44100 * 2;
    const synth = ['pluck', 'A2', 'fade', '0', '0.5', '0.05', 'repeat', '3', 'vol', '0.8'];
    const mp3 = encoder.mp3({ rate: 44100, channels: 2, frames: bar, synth: [...synth] }, ['-V2']);
    const once = await playedFrom(mp3.path, 0);
    expect(once.length).toBe(bar * 4);
    const lame = lameReference(encoder, mp3.path);
    const audio = await audioHarness();
    audio.send(play(1, mp3.path, 0, true));
    // Two wraps of the position: more than two loops have gone to the device.
    await audio.wrapped(1, 2);
    audio.send({ type: 'stop' });
    const captured = await audio.captured();
    audio.dispose();
    expect(captured.length).toBeGreaterThan(once.length * 2);
    const twice = captured.subarray(0, once.length * 2);
    // Nothing inserted, nothing lost, every sample as in one pass: the seam is the audio's own.
    expect(twice.equals(Buffer.concat([once, once]))).toBe(true);
    // And the loop is LAME's own decode twice over, to 2 LSB: the seam has no step of its own.
    expect(largestDifference(twice, Buffer.concat([lame, lame]))).toBeLessThanOrEqual(2);
    // The largest sample step across the seam is no larger than the loop's own largest step.
    const samples = new Int16Array(twice.buffer, twice.byteOffset, twice.length >> 1);
    const step = (i: number) => Math.abs(samples[i + 2]! - samples[i]!);
    let ownLargest = 0;
    for (let i = 0; i + 2 < bar * 2; i++) ownLargest = Math.max(ownLargest, step(i));
    expect(step(bar * 2 - 2)).toBeLessThanOrEqual(ownLargest);
    expect(step(bar * 2 - 1)).toBeLessThanOrEqual(ownLargest);
  });
});
