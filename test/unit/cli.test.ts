import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alsaFileDevice } from '../fixtures/alsa-file-device';
import { makeWav } from '../fixtures/audio-files';
import { builtEntry } from '../fixtures/built';

import { writeSampleLibrary } from '../fixtures/library-tree';
import { Encoder } from '../fixtures/encoded-files';

// A fresh config folder: `info` must not read the library of whoever runs the tests.
const env = { ...process.env, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'sd-config-')) };

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [builtEntry('cli'), ...args], { encoding: 'utf8', env });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('sampledeck CLI', () => {
  it('scan --json prints one object per file with its properties or its error', () => {
    const { root } = writeSampleLibrary();
    const { code, stdout, stderr } = cli('scan', root, '--json');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const byPath = new Map(lines.map((l) => [l.path, l]));
    expect(byPath.get(join(root, 'drums/kick 01.wav'))).toEqual({
      path: join(root, 'drums/kick 01.wav'),
      format: 'WAV',
      codec: 'PCM',
      sampleRate: 44100,
      channels: 1,
      bitsPerSample: 16,
      frames: 22050,
      durationSec: 0.5,
      sizeBytes: 44144,
      tempo: null,
      error: null,
    });
    expect(byPath.get(join(root, 'loops/funk loop 120bpm.aif'))).toMatchObject({
      tempo: 120,
      durationSec: 2,
    });
    expect(byPath.get(join(root, 'broken/truncated.wav'))).toMatchObject({
      error: expect.stringMatching(/^data chunk says 88\.2 KB but the file ends after 1\.0 KB/),
    });
    expect(byPath.get(join(root, 'loops/back to root'))).toMatchObject({
      error: expect.stringContaining('symlink loop'),
    });
    expect(lines).toHaveLength(8);
    expect(stderr).toMatch(/^7 files, 3 problems/m);
  });

  it('scan reads FLAC, MP3 and Ogg; play refuses what it cannot decode by name', () => {
    const root = mkdtempSync(join(tmpdir(), 'sd-cli-encoded-'));
    const encoder = new Encoder();
    const flac = join(root, 'pad.flac');
    writeFileSync(flac, encoder.flac({ rate: 44100, channels: 2, bits: 24, frames: 22050 }).bytes);
    const deep = join(mkdtempSync(join(tmpdir(), 'sd-cli-deep-')), 'deep.flac');
    writeFileSync(deep, encoder.flac({ rate: 48000, channels: 1, bits: 32, frames: 4800 }).bytes);
    writeFileSync(
      join(root, 'hit.mp3'),
      encoder.mp3({ rate: 48000, channels: 1, frames: 12000 }, ['-t']).bytes,
    );
    writeFileSync(
      join(root, 'voice.opus'),
      encoder.opus({ rate: 48000, channels: 2, frames: 4800 }).bytes,
    );
    writeFileSync(
      join(root, 'call.opus'),
      encoder.opus({ rate: 16000, channels: 1, frames: 1600 }).bytes,
    );
    encoder.dispose();
    const human = cli('scan', root);
    expect(human.code).toBe(0);
    const lines = human.stdout.trim().split('\n').sort();
    expect(lines).toEqual([
      expect.stringContaining('call.opus\tOgg Opus\t48 kHz (16 kHz in)\t\t1 ch\t0.10 s\t'),
      expect.stringMatching(/hit\.mp3\tMP3\t48 kHz\t\t1 ch\t≈ 0\.\d\d s\t/),
      expect.stringContaining(`${flac}\tFLAC\t44.1 kHz\t24 bit\t2 ch\t0.50 s\t`),
      expect.stringContaining('voice.opus\tOgg Opus\t48 kHz\t\t2 ch\t0.10 s\t'),
    ]);
    const play = cli('play', deep);
    expect(play.code).toBe(1);
    expect(play.stderr).toContain('cannot play deep.flac: 32-bit FLAC is not supported');
  });

  it('scan of a folder big enough for threads prints every file once', () => {
    // Past the count at which scan threads start beside main when a core is idle
    // (scan-command.ts); cli-scan-reader.test.ts runs the threads whatever the load.
    const root = mkdtempSync(join(tmpdir(), 'sd-cli-many-'));
    const wav = makeWav({ channels: 1, sampleRate: 22050, frames: 2205 });
    const expected: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const dir = join(root, `pack ${Math.floor(i / 100)}`);
      if (i % 100 === 0) mkdirSync(dir);
      expected.push(join(dir, `hit ${i}.wav`));
      writeFileSync(expected.at(-1)!, wav);
    }
    const { code, stdout, stderr } = cli('scan', root);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^3000 files, 0 problems/m);
    // Every line ends in a newline; the last column (tempo) is empty here.
    const lines = stdout.split('\n').slice(0, -1);
    expect(lines.map((line) => line.split('\t')[0]).sort()).toEqual(expected.sort());
    expect(new Set(lines.map((line) => line.split('\t').slice(1).join('\t')))).toEqual(
      new Set(['WAV PCM\t22.1 kHz\t16 bit\t1 ch\t0.10 s\t4.5 KB\t']),
    );
  });

  it('scan fails with a reason for a folder that does not exist', () => {
    const { code, stderr } = cli('scan', '/no/such/folder');
    expect(code).toBe(1);
    expect(stderr).toContain('/no/such/folder: no such file or folder');
  });

  it('play plays a file through the audio process and prints where it is', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sd-cli-play-')), 'half.wav');
    writeFileSync(path, makeWav({ channels: 1, sampleRate: 8000, frames: 4000 }));
    const device = alsaFileDevice();
    const run = spawnSync(process.execPath, [builtEntry('cli'), 'play', path], {
      encoding: 'utf8',
      env: { ...env, ...device.env },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`${path}: 1 ch, 8000 Hz, 0.50 s`);
    expect(lines.at(-1)).toBe('0.50 s / 0.50 s');
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });

  it.each(['flac', 'mp3', 'opus'] as const)('play plays a %s file to its end', (kind) => {
    const encoder = new Encoder();
    // Opus always decodes at 48 kHz.
    const rate = kind === 'opus' ? 48000 : 44100;
    const source = { rate, channels: 1, frames: rate / 2 };
    const bytes = encoder[kind](source).bytes;
    encoder.dispose();
    const path = join(mkdtempSync(join(tmpdir(), 'sd-cli-play-')), `half.${kind}`);
    writeFileSync(path, bytes);
    const device = alsaFileDevice();
    const run = spawnSync(process.execPath, [builtEntry('cli'), 'play', path], {
      encoding: 'utf8',
      env: { ...env, ...device.env },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`${path}: 1 ch, ${rate} Hz, 0.50 s`);
    expect(lines.at(-1)).toBe('0.50 s / 0.50 s');
  });

  it('play says why it cannot play, with a failing exit code', () => {
    const { code, stderr } = cli('play', '/no/such/file.wav');
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot play file\.wav: /);
  });

  it('info prints the system status; an unknown command is a usage error', () => {
    const info = cli('info');
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({
      appName: 'Sampledeck',
      shell: 'cli',
      library: { folders: 0 },
    });
    const bad = cli('frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
  });
});
