import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AudioEngine } from '../../src/main/audio/audio-engine';
import type { AudioProcessMessage } from '../../src/main/audio/audio-protocol';
import { formatPosition, Player } from '../../src/main/audio/player';
import { readAudioHeaderSync } from '../../src/main/formats/read-header-file';
import { alsaFileDevice } from '../fixtures/alsa-file-device';
import { audioHarness, realAudioProcess } from '../fixtures/audio-harness';
import { Encoder } from '../fixtures/encoded-files';
import { fileRecord } from '../fixtures/file-record';

const encoder = new Encoder();
afterAll(() => encoder.dispose());

/** A sweep with noise: no two stretches alike, so no decoder mistakes one frame for another. */
const busy = ['sine', '200-6000', 'vol', '0.5', 'synth', 'pinknoise', 'mix'];

/** `bytes` with 3,000 bytes of garbage written over the middle of its audio, on disk. */
function damaged(bytes: Buffer, ext: string): { path: string; at: number } {
  const copy = Buffer.from(bytes);
  const at = Math.floor(copy.length / 2);
  for (let i = 0; i < 3000; i++) copy[at + i] = (i * 7919) & 0xff;
  const path = join(encoder.dir, `damaged.${ext}`);
  writeFileSync(path, copy);
  return { path, at };
}

describe('a damaged frame mid-file', () => {
  it.each([
    ['MP3', () => encoder.mp3({ rate: 44100, channels: 2, frames: 44100 * 6, synth: busy }), 'mp3'],
    [
      'FLAC',
      () => encoder.flac({ rate: 44100, channels: 2, frames: 44100 * 6, synth: busy }),
      'flac',
    ],
  ])(
    '%s: skipped with a notice naming where, and playback goes on to the end',
    async (_name, make, ext) => {
      const file = damaged(make().bytes, ext);
      const { result } = readAudioHeaderSync(file.path);
      if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
      const { frames, dataOffset, dataBytes } = result.header;
      const audio = await audioHarness();
      audio.send({ type: 'play', playId: 1, path: file.path, startFrame: 0, loop: false, gain: 1 });
      const notice = (await audio.next('notice', 1)).message;
      await audio.next('ended', 1);
      expect(audio.messages.some((m) => m.message.type === 'error')).toBe(false);
      // Where the garbage starts, in the file's time (the bytes are close to even in time).
      const expected = ((file.at - dataOffset) / dataBytes) * frames;
      expect(Math.abs(notice.frame - expected)).toBeLessThan(44100);
      expect(notice.detail).toMatch(/\S/);
      // One notice for the one damaged stretch.
      expect(audio.messages.filter((m) => m.message.type === 'notice')).toHaveLength(1);
      // Only the damaged stretch is lost (well under a second), never the rest of the file.
      const captured = await audio.captured();
      expect(captured.length / 4).toBeGreaterThan(frames - 44100);
      expect(captured.length / 4).toBeLessThanOrEqual(frames);
      audio.dispose();
    },
  );

  it('the player tells the window which file and where, and keeps playing', async () => {
    const file = damaged(
      encoder.mp3({ rate: 44100, channels: 2, frames: 44100 * 4, synth: busy }).bytes,
      'mp3',
    );
    const notices: string[] = [];
    const messages: AudioProcessMessage[] = [];
    const engine = new AudioEngine({
      launch: realAudioProcess(alsaFileDevice().env),
      onStatus: () => undefined,
    });
    const record = fileRecord(file.path, {
      id: 7,
      format: 'MP3',
      codec: 'mp3',
      frames: 44100 * 4,
      durationSec: 4,
    });
    const player = new Player({
      engine,
      lookup: (id) => (id === 7 ? record : undefined),
      onState: () => undefined,
      onProgress: () => undefined,
      initial: { volumeDb: 0, loop: false, autoPlay: false },
      persist: () => undefined,
      onNotice: (message) => notices.push(message),
    });
    engine.onMessage((message) => {
      messages.push(message);
      player.onMessage(message);
    });
    engine.start();
    await expect.poll(() => engine.unavailableReason(), { timeout: 10_000 }).toBeNull();
    player.play(7);
    await expect.poll(() => player.get().state, { timeout: 15_000 }).toBe('stopped');
    const notice = messages.find((m) => m.type === 'notice');
    expect(notice).toBeDefined();
    expect(notices).toEqual([
      expect.stringMatching(
        new RegExp(`^${file.path}: a damaged frame at 0:0\\d\\.\\d was skipped, playback went on`),
      ),
    ]);
    expect(player.get().error).toBeNull();
    expect(player.get().positionSec).toBe(4);
    engine.dispose();
  });

  it('formats positions as m:ss.s, and h:mm:ss.s past an hour', () => {
    expect(formatPosition(0)).toBe('0:00.0');
    expect(formatPosition(83.46)).toBe('1:23.4');
    expect(formatPosition(3600 * 2 + 61.05)).toBe('2:01:01.0');
  });
});
