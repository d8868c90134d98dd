import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type {
  AudioDevices,
  AudioOutputState,
  LibraryPage,
  SubsystemStatus,
  SystemInfo,
} from '../../src/shared/contract';
import { createTestCore } from '../fixtures/test-core';
import { alsaFileDevices } from '../fixtures/alsa-file-device';
import { buildWav, type BuiltFile } from '../fixtures/audio-files';
import { AudioEngine } from '../../src/main/audio/audio-engine';
import type { AudioProcessMessage } from '../../src/main/audio/audio-protocol';
import { audioHarness, realAudioProcess, type Launches } from '../fixtures/audio-harness';
import { capturedBytes } from '../fixtures/capture';

const dir = mkdtempSync(join(tmpdir(), 'sd-choice-'));
let fileCount = 0;
function onDisk(file: BuiltFile): { path: string; data: Buffer } {
  const path = join(dir, `file-${++fileCount}.wav`);
  writeFileSync(path, file.bytes);
  return { path, data: file.bytes.subarray(file.dataOffset, file.dataOffset + file.dataBytes) };
}

const play = (playId: number, path: string) =>
  ({ type: 'play', playId, path, startFrame: 0, loop: false, gain: 1 }) as const;

/** The real audio process with two `file` PCMs: the default (A) and `sd_b` (B). */
async function twoOutputs() {
  const alsa = alsaFileDevices(['sd_b']);
  const audio = await audioHarness({ env: alsa.env, capturePath: alsa.captures.default! });
  const bytesOf = (name: string) => capturedBytes(alsa.captures[name]!);
  return { audio, bytesOf };
}

describe('choosing the output device, with the real audio process', () => {
  it('plays into the chosen device: the exact bytes land in B and none in A', async () => {
    const { audio, bytesOf } = await twoOutputs();
    const file = onDisk(buildWav({ channels: 2, sampleRate: 44100, frames: 8820 }));
    audio.engine.setDevice('sd_b');
    audio.send(play(1, file.path));
    await audio.next('ended', 1);
    const opened = audio.messages.find((m) => m.message.type === 'device');
    expect(opened?.message).toEqual({ type: 'device', requested: 'sd_b', opened: 'sd_b' });
    await audio.captured(); // shuts the process down: every device is closed and written
    expect(bytesOf('sd_b').equals(file.data)).toBe(true);
    expect(bytesOf('default').length).toBe(0);
  });

  it('a device that does not exist: the default plays it, and the process says why', async () => {
    const { audio, bytesOf } = await twoOutputs();
    const file = onDisk(buildWav({ channels: 1, sampleRate: 48000, frames: 4800 }));
    audio.engine.setDevice('sd_missing');
    audio.send(play(1, file.path));
    await audio.next('ended', 1);
    const opened = audio.messages.find((m) => m.message.type === 'device');
    expect(opened?.message).toEqual({
      type: 'device',
      requested: 'sd_missing',
      opened: null,
      reason: expect.stringMatching(/open/i),
    });
    expect(audio.messages.filter((m) => m.message.type === 'error')).toEqual([]);
    await audio.captured();
    expect(bytesOf('default').equals(file.data)).toBe(true);
    expect(bytesOf('sd_b').length).toBe(0);
  });

  it('moves what plays to the newly chosen device without losing or repeating a sample', async () => {
    const { audio, bytesOf } = await twoOutputs();
    const file = onDisk(buildWav({ channels: 2, sampleRate: 44100, frames: 44100 }));
    audio.send(play(1, file.path));
    await audio.position(1, 11025); // a quarter of the way
    audio.engine.setDevice('sd_b');
    await audio.next('ended', 1);
    await audio.captured();
    const a = bytesOf('default');
    const b = bytesOf('sd_b');
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(Buffer.concat([a, b]).equals(file.data)).toBe(true);
    expect(audio.messages.filter((m) => m.message.type === 'error')).toEqual([]);
  });

  it('a device chosen before the process started is the one it opens', async () => {
    const alsa = alsaFileDevices(['sd_b']);
    const launches: Launches = { count: 0 };
    const statuses: SubsystemStatus[] = [];
    const engine = new AudioEngine({
      launch: realAudioProcess(alsa.env, launches),
      onStatus: (status) => statuses.push(status),
    });
    const messages: AudioProcessMessage[] = [];
    engine.onMessage((message) => messages.push(message));
    engine.setDevice('sd_b');
    engine.start();
    await expect.poll(() => engine.unavailableReason(), { timeout: 10_000 }).toBeNull();
    const file = onDisk(buildWav({ channels: 1, sampleRate: 44100, frames: 4410 }));
    engine.send(play(1, file.path));
    await expect
      .poll(() => messages.some((m) => m.type === 'ended'), { timeout: 10_000 })
      .toBe(true);
    // The status (the System panel) names the device sound goes to, once it is opened.
    expect(statuses.at(-1)).toEqual({
      state: 'available',
      detail: expect.stringMatching(/^ALSA device 'sd_b' \(speaker \d+\.\d+\.\d+\)$/),
    });
    const exited = new Promise((resolve) => launches.last!.once('exit', resolve));
    engine.dispose();
    await exited;
    expect(capturedBytes(alsa.captures.sd_b!).equals(file.data)).toBe(true);
    expect(capturedBytes(alsa.captures.default!).length).toBe(0);
  });
});

describe('choosing the output through the core', () => {
  it('a missing device: the default plays, one notice names it, and the choice is kept', async () => {
    const alsa = alsaFileDevices(['sd_b']);
    const userDataDir = mkdtempSync(join(tmpdir(), 'sd-choice-core-'));
    const launches: Launches = { count: 0 };
    const { core, call } = createTestCore({
      userDataDir,
      launchAudioProcess: realAudioProcess(alsa.env, launches),
    });
    const outputs: AudioOutputState[] = [];
    core.subscribe((name, payload) => {
      if (name === 'audio:output') outputs.push(payload as AudioOutputState);
    });
    await expect
      .poll(async () => (await call<SystemInfo>('system:info', {})).audio.state, {
        timeout: 10_000,
      })
      .toBe('available');
    const root = mkdtempSync(join(tmpdir(), 'sd-choice-lib-'));
    const built = buildWav({ channels: 2, sampleRate: 44100, frames: 4410 });
    writeFileSync(join(root, 'tenth.wav'), built.bytes);
    await call('library:add', { paths: [root] });
    await core.library.idle();
    const page = await call<LibraryPage>('library:query', { query: {}, offset: 0, limit: 10 });
    const id = page.rows[0]!.id;

    const chosen = await call<AudioOutputState>('audio:set-device', { id: 'sd_missing' });
    expect(chosen).toMatchObject({ chosen: 'sd_missing', fallback: null, canChoose: true });
    for (let play = 0; play < 2; play++) {
      const before = core.player.get().playId;
      await call('player:play', { id });
      await expect
        .poll(() => core.player.get(), { timeout: 10_000 })
        .toMatchObject({ playId: before + 1, state: 'stopped', positionSec: 0.1 });
    }
    expect(core.player.get().error).toBeNull();
    const info = await call<SystemInfo>('system:info', {});
    // Once, not at each play that falls back again.
    expect(info.notices.map((n) => n.message)).toEqual([
      expect.stringMatching(
        /^The audio device 'sd_missing' is not available \(.+\): playing through the system default\. Your choice is kept/,
      ),
    ]);
    const devices = await call<AudioDevices>('audio:devices', {});
    expect(devices).toMatchObject({
      chosen: 'sd_missing',
      current: null,
      fallback: expect.stringContaining("'sd_missing'"),
    });
    expect(outputs.at(-1)).toMatchObject({ chosen: 'sd_missing', current: null });
    await core.dispose();
    const saved = JSON.parse(readFileSync(join(userDataDir, 'settings.json'), 'utf8')) as {
      audioDevice: unknown;
    };
    expect(saved.audioDevice).toBe('sd_missing');
    await expect
      .poll(() => launches.last?.exitCode ?? launches.last?.signalCode ?? null)
      .not.toBeNull();
    const data = built.bytes.subarray(built.dataOffset, built.dataOffset + built.dataBytes);
    expect(capturedBytes(alsa.captures.default!).equals(Buffer.concat([data, data]))).toBe(true);
  });
});
