import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  VOLUME_DB_RANGE,
  type LibraryPage,
  type PlayerState,
  type SystemInfo,
} from '../../src/shared/contract';
import { alsaFileDevice } from '../fixtures/alsa-file-device';
import { buildWav } from '../fixtures/audio-files';
import { realAudioProcess, type Launches } from '../fixtures/audio-harness';
import { capturedBytes } from '../fixtures/capture';
import { createTestCore } from '../fixtures/test-core';

describe('the top of the volume range', () => {
  it('is unity: at the top the device gets the file’s own bytes, and nothing louder is taken', async () => {
    const device = alsaFileDevice();
    const launches: Launches = { count: 0 };
    const { core, call } = createTestCore({
      launchAudioProcess: realAudioProcess(device.env, launches),
    });
    await expect
      .poll(async () => (await call<SystemInfo>('system:info', {})).audio.state, {
        timeout: 10_000,
      })
      .toBe('available');
    const root = mkdtempSync(join(tmpdir(), 'sd-volume-'));
    const built = buildWav({ channels: 2, sampleRate: 44100, frames: 4410 });
    writeFileSync(join(root, 'tenth.wav'), built.bytes);
    await call('library:add', { paths: [root] });
    await core.library.idle();
    const page = await call<LibraryPage>('library:query', { query: {}, offset: 0, limit: 10 });

    await expect(call('player:set-volume', { db: 6 })).rejects.toMatchObject({
      code: 'INVALID_ARGS',
    });
    const top = await call<PlayerState>('player:set-volume', { db: VOLUME_DB_RANGE.max });
    expect(top.volumeDb).toBe(0);
    await call('player:play', { id: page.rows[0]!.id });
    await expect
      .poll(() => core.player.get(), { timeout: 10_000 })
      .toMatchObject({ state: 'stopped', positionSec: 0.1, error: null });
    const exited = new Promise((resolve) => launches.last!.once('exit', resolve));
    await core.dispose();
    await exited;
    const data = built.bytes.subarray(built.dataOffset, built.dataOffset + built.dataBytes);
    expect(capturedBytes(device.capturePath).equals(data)).toBe(true);
  });
});
