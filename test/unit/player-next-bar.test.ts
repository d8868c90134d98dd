import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { PlayerState } from '../../src/shared/contract';
import { AudioEngine } from '../../src/main/audio/audio-engine';
import { Player } from '../../src/main/audio/player';
import { alsaFileDevice } from '../fixtures/alsa-file-device';
import { realAudioProcess } from '../fixtures/audio-harness';
import { makeWav } from '../fixtures/audio-files';
import { fileRecord } from '../fixtures/file-record';

it('"play on next bar" is armed (startsAt) until the bar line has passed, then plays', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sd-next-bar-')), 'two seconds.wav');
  writeFileSync(path, makeWav({ frames: 88_200 }));
  const record = fileRecord(path, {
    id: 3,
    format: 'WAV',
    codec: 'pcm',
    frames: 88_200,
    durationSec: 2,
    sampleRate: 44_100,
    channels: 2,
    playable: true,
  });
  const engine = new AudioEngine({
    launch: realAudioProcess(alsaFileDevice().env),
    onStatus: () => undefined,
  });
  const states: { at: number; state: PlayerState }[] = [];
  const player = new Player({
    engine,
    lookup: (id) => (id === 3 ? record : undefined),
    onState: (state) => states.push({ at: Date.now(), state }),
    onProgress: () => undefined,
    initial: { volumeDb: 0, loop: false, autoPlay: false },
    persist: () => undefined,
  });
  engine.onMessage((message) => player.onMessage(message));
  engine.start();
  await expect.poll(() => engine.unavailableReason(), { timeout: 10_000 }).toBeNull();

  const startAt = Date.now() + 1500;
  expect(player.play(3, 0, startAt).startsAt).toBe(startAt);
  await expect.poll(() => player.get().startsAt, { timeout: 15_000 }).toBeNull();
  // Told to the window once the bar line had passed, never before it; and it plays.
  const disarmed = states.find((s) => s.state.startsAt === null && s.state.playId === 1)!;
  expect(disarmed.at).toBeGreaterThanOrEqual(startAt);
  expect(player.get().state).toBe('playing');
  // A stop while armed disarms.
  player.play(3, 0, Date.now() + 60_000);
  expect(player.get().startsAt).not.toBeNull();
  expect(player.stop().startsAt).toBeNull();
  engine.dispose();
}, 30_000);
