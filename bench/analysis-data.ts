/**
 * Synthesised one-shots for the analysis benches: drum-like hits (a pitched body falling in
 * pitch, a noise burst, an exponential decay) of 0.5-1.5 s, mono 16-bit 44.1 kHz WAV, each from
 * its own seed, in folders of 100; written once and reused across runs.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { between, seededRandom } from '../test/fixtures/seeded-random';
import { BENCH_DATA } from './bench-data';

const RATE = 44_100;

function oneShot(seed: number): Buffer {
  const rng = seededRandom(seed);
  const frames = Math.round(between(rng, 0.5, 1.5) * RATE);
  const pitch = between(rng, 40, 800);
  const fall = between(rng, 0, 0.9);
  const noise = between(rng, 0, 1);
  const decay = between(rng, 0.03, 0.6);
  const gain = between(rng, 0.1, 0.95);
  const data = Buffer.alloc(frames * 2);
  let phase = 0;
  for (let i = 0; i < frames; i++) {
    const t = i / RATE;
    phase += (2 * Math.PI * pitch * (1 - fall * Math.min(1, t / decay))) / RATE;
    const body = Math.sin(phase) * (1 - noise) + (rng() * 2 - 1) * noise;
    const v = gain * body * Math.exp(-t / decay);
    data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), i * 2);
  }
  return Buffer.concat([monoWav16Header(data.length, RATE), data]);
}

/** The 44-byte header of a mono 16-bit PCM WAV holding `dataBytes` of samples. */
export function monoWav16Header(dataBytes: number, rate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/** A folder of `count` one-shots (see above). */
export function oneShotFolder(count: number): string {
  const root = join(BENCH_DATA, `one-shots-${count}`);
  const marker = join(root, '.complete');
  if (existsSync(marker)) return root;
  for (let i = 0; i < count; i++) {
    const dir = join(root, `pack ${String(Math.floor(i / 100)).padStart(4, '0')}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `hit ${i}.wav`), oneShot(i + 1));
  }
  writeFileSync(marker, '');
  return root;
}
