import {
  mkdtempSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildWav, makeAiff, makeWav, type WavOptions } from '../test/fixtures/audio-files';

export const BENCH_DATA = resolve(__dirname, '..', '.bench-data');

const variants: WavOptions[] = [
  { codec: 'pcm', bits: 16, channels: 2, sampleRate: 44100 },
  {
    codec: 'pcm',
    bits: 24,
    channels: 1,
    sampleRate: 48000,
    before: [{ type: 'bext', description: 'kick', originator: 'bench' }],
  },
  { codec: 'float', bits: 32, channels: 2, sampleRate: 96000, extensible: true },
  {
    codec: 'pcm',
    bits: 16,
    channels: 2,
    sampleRate: 44100,
    after: [{ type: 'LIST', title: 'loop', artist: 'bench' }],
  },
];

/**
 * A folder of `count` small audio files in folders of 100 (mostly WAV of several kinds, every
 * tenth an AIFF), written once and reused across runs.
 */
export function sampleFolder(count: number): string {
  const root = join(BENCH_DATA, `samples-${count}`);
  const marker = join(root, '.complete');
  if (existsSync(marker)) return root;
  for (let i = 0; i < count; i++) {
    const dir = join(root, `pack ${String(Math.floor(i / 100)).padStart(4, '0')}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    const frames = 1000 + (i % 7) * 100;
    const name = `sample ${i} ${90 + (i % 60)}bpm`;
    const bytes =
      i % 10 === 9
        ? makeAiff({ frames, channels: 2, sampleRate: 44100 })
        : makeWav({ ...variants[i % variants.length], frames });
    writeFileSync(join(dir, `${name}.${i % 10 === 9 ? 'aif' : 'wav'}`), bytes);
  }
  writeFileSync(marker, '');
  return root;
}

/**
 * A 16-bit stereo 44.1 kHz WAV of about `bytes` bytes: a three-second block of the fixtures'
 * test signal (sines of whole cycles, so the repeats join cleanly) written over and over. Written
 * in pieces under a temporary name, renamed when complete, and reused across runs.
 */
export function longWav(bytes = 1_000_000_000): string {
  mkdirSync(BENCH_DATA, { recursive: true });
  const path = join(BENCH_DATA, `sine-16bit-stereo-${bytes}.wav`);
  if (existsSync(path)) return path;
  const empty = buildWav({ channels: 2, sampleRate: 44100, frames: 0 });
  const dataBytes = Math.floor((bytes - empty.dataOffset) / empty.blockAlign) * empty.blockAlign;
  const header = Buffer.from(empty.bytes);
  header.writeUInt32LE(header.length - 8 + dataBytes, 4); // RIFF size
  header.writeUInt32LE(dataBytes, empty.dataOffset - 4); // data size
  const block = buildWav({ channels: 2, sampleRate: 44100, frames: 3 * 44100 });
  const samples = block.bytes.subarray(block.dataOffset, block.dataOffset + block.dataBytes);

  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  try {
    writeSync(fd, header);
    for (let left = dataBytes; left > 0; left -= samples.length) {
      writeSync(fd, samples, 0, Math.min(left, samples.length));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
  return path;
}

export function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath, e.name));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/**
 * Points ALSA's default device, for this process's children, at the file plugin over /dev/null:
 * a real device that takes every byte at once, so benches run where there is no sound card.
 */
export function useNullAudioDevice(): void {
  const dir = mkdtempSync(join(tmpdir(), 'sd-bench-alsa-'));
  const conf = join(dir, 'asoundrc');
  writeFileSync(
    conf,
    'pcm.!default {\n type file\n slave.pcm "null"\n file "/dev/null"\n format "raw"\n}\n',
  );
  process.env.ALSA_CONFIG_PATH = `/usr/share/alsa/alsa.conf:${conf}`;
}
