import { describe, expect, it } from 'vitest';
import type { SubsystemStatus } from '../../src/shared/contract';
import { AudioEngine, describeAudioDeath } from '../../src/main/audio/audio-engine';
import { alsaFileDevice, alsaNoDevice } from '../fixtures/alsa-file-device';
import { realAudioProcess } from '../fixtures/audio-harness';

function statusesUntil(
  engine: (onStatus: (s: SubsystemStatus) => void) => AudioEngine,
  done: (seen: SubsystemStatus[]) => boolean,
): Promise<{ seen: SubsystemStatus[]; engine: AudioEngine }> {
  return new Promise((resolve) => {
    const seen: SubsystemStatus[] = [];
    const instance: AudioEngine = engine((s) => {
      seen.push(s);
      if (done(seen)) resolve({ seen, engine: instance });
    });
    instance.start();
  });
}

describe('audio engine (real audio process, real ALSA)', () => {
  it('reports the device as available when ALSA can open it', async () => {
    const launches = { count: 0 };
    const { seen, engine } = await statusesUntil(
      (onStatus) =>
        new AudioEngine({ launch: realAudioProcess(alsaFileDevice().env, launches), onStatus }),
      (s) => s.at(-1)?.state === 'available',
    );
    engine.dispose();
    expect(seen[0]).toEqual({ state: 'starting' });
    expect(seen.at(-1)).toEqual({
      state: 'available',
      detail: expect.stringMatching(/^ALSA device 'default' \(speaker \d+\.\d+\.\d+\)$/),
    });
    expect(launches.count).toBe(1);
  });

  it('survives the process aborting in ALSA, says why, and restarts it', async () => {
    const launches = { count: 0 };
    const { seen, engine } = await statusesUntil(
      (onStatus) =>
        new AudioEngine({
          launch: realAudioProcess(alsaNoDevice().env, launches),
          onStatus,
          restartDelaysMs: [20],
        }),
      (s) => s.filter((x) => x.state === 'unavailable').length >= 2,
    );
    engine.dispose();
    expect(seen.find((s) => s.state === 'unavailable')).toEqual({
      state: 'unavailable',
      reason: "cannot open ALSA device 'default'",
    });
    expect(launches.count).toBeGreaterThanOrEqual(2);
  });

  it('reports a launcher that throws instead of crashing', async () => {
    const { seen, engine } = await statusesUntil(
      (onStatus) =>
        new AudioEngine({
          launch: () => {
            throw new Error('spawn ENOENT');
          },
          onStatus,
          restartDelaysMs: [60_000],
        }),
      (s) => s.at(-1)?.state === 'unavailable',
    );
    engine.dispose();
    expect(seen.at(-1)).toEqual({
      state: 'unavailable',
      reason: 'cannot start the audio process: spawn ENOENT',
    });
  });
});

describe('describeAudioDeath', () => {
  it('names the device ALSA could not open', () => {
    const stderr =
      'ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\n' +
      '[../deps/mpg123/src/output/alsa.c:165] error: cannot open device default\n';
    expect(describeAudioDeath(stderr, null, 'SIGABRT')).toBe("cannot open ALSA device 'default'");
  });

  it('falls back to the last ALSA line, then to the signal or exit code', () => {
    expect(describeAudioDeath('ALSA lib conf.c:1:(x) Evaluate error\n', null, 'SIGABRT')).toBe(
      'ALSA: Evaluate error',
    );
    expect(describeAudioDeath('', null, 'SIGKILL')).toBe('the audio process was killed by SIGKILL');
    expect(describeAudioDeath('', 3, null)).toBe('the audio process exited (3)');
  });
});
