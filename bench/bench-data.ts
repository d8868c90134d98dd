import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeAiff, makeWav, type WavOptions } from '../test/fixtures/audio-files';

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
