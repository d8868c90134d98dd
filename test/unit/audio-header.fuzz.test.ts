/**
 * Mutation fuzzing of the header reader: real generated files, damaged thousands of ways, must
 * each give a sane answer without throwing. Reproducible: every case draws from its own PRNG
 * seeded by (FUZZ_SEED, case number), and a failure prints both. FUZZ_MS sets the time budget.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_HEADER_BYTES,
  MAX_TAIL_BYTES,
  type HeaderParse,
} from '../../src/main/formats/header-types';
import { parseAudioHeader } from '../../src/main/formats/read-header';
import { adpcmViolation, soxAdpcm } from '../fixtures/adpcm-files';
import { makeAiff, makeWav } from '../fixtures/audio-files';
import { Encoder, id3v23, oggPages, resignOggPage } from '../fixtures/encoded-files';
import { seededRandom } from '../fixtures/seeded-random';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_c0de) >>> 0;
const BUDGET_MS = Number(process.env.FUZZ_MS ?? 5000);
const MIN_CASES = 20_000;
const MAX_CASES = 2_000_000;

type Rng = () => number;

const mulberry32 = seededRandom;

const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)] as T;

interface Sample {
  file: Buffer;
  /** The name the whole-file parse gets: an MP3 is also found by its extension. */
  name: string;
}

/** Real FLAC, MP3, Ogg Vorbis and Opus files from Debian's encoders, short and tagged. */
function encodedCorpus(): Sample[] {
  const encoder = new Encoder();
  try {
    const tags = ['--tag=TITLE=Fuzz', '--tag=BPM=120', '--tag=INITIALKEY=Am'];
    const mp3Tags = ['--tt', 'Fuzz', '--tv', 'TBPM=128', '--tv', 'TKEY=Am', '--tc', 'c'];
    const flac = encoder.flac({ rate: 44100, channels: 2, frames: 3000 }, tags).bytes;
    const mp3 = encoder.mp3({ rate: 44100, channels: 2, frames: 3000 }, mp3Tags).bytes;
    return [
      { file: flac, name: 'Loop_120_bpm.flac' },
      {
        file: encoder.flac({ rate: 96000, channels: 1, bits: 24, frames: 900 }).bytes,
        name: 'a.flac',
      },
      { file: Buffer.concat([id3v23({ TIT2: 'id3 flac' }), flac]), name: 'b.flac' },
      { file: mp3, name: 'Loop_120_bpm.mp3' },
      {
        file: encoder.mp3({ rate: 22050, channels: 1, frames: 3000 }, ['-V', '4']).bytes,
        name: 'v.mp3',
      },
      { file: encoder.mp3({ rate: 8000, channels: 1, frames: 2000 }, ['-t']).bytes, name: 'n.mp3' },
      { file: Buffer.concat([id3v23({ TIT2: 't', COMM: 'c' }, 40, true), mp3]), name: 'u.mp3' },
      {
        file: encoder.vorbis({ rate: 44100, channels: 2, frames: 3000 }, ['-c', 'BPM=99']).bytes,
        name: 'Loop_120_bpm.ogg',
      },
      {
        file: encoder.opus({ rate: 48000, channels: 1, frames: 3000 }, ['--comment', 'BPM=97'])
          .bytes,
        name: 'Loop_120_bpm.opus',
      },
      // sox's ADPCM: real codes (the generated ones are silence), fmt extension and fact.
      {
        file: soxAdpcm(encoder, { rate: 22050, channels: 2, frames: 1300 }, 'ima-adpcm').bytes,
        name: 'i.wav',
      },
      {
        file: soxAdpcm(encoder, { rate: 8000, channels: 1, frames: 2500 }, 'ms-adpcm').bytes,
        name: 'm.wav',
      },
    ];
  } finally {
    encoder.dispose();
  }
}

function corpus(): Sample[] {
  const info = { type: 'LIST', title: 'Fuzz title', artist: 'Fuzzer', comment: 'c' } as const;
  const riff = [
    makeWav({ frames: 500 }),
    makeWav({ bits: 8, frames: 333, after: [info] }), // odd data, pad byte
    makeWav({ bits: 24, channels: 2, frames: 300, extensible: true }),
    makeWav({ bits: 32, channels: 6, frames: 100, sampleRate: 96000 }),
    makeWav({ codec: 'float', frames: 400, extensible: true, after: [info] }),
    makeWav({ codec: 'float', bits: 64, channels: 2, frames: 150 }),
    makeWav({ codec: 'alaw', frames: 900, sampleRate: 8000 }),
    makeWav({ codec: 'mulaw', channels: 2, frames: 600, extensible: true }),
    makeWav({ codec: 'ima-adpcm', frames: 1200 }),
    makeWav({ codec: 'ima-adpcm', channels: 2, frames: 800, fact: false }),
    makeWav({ codec: 'ms-adpcm', channels: 2, frames: 700 }),
    makeWav({ fmtSize: 14, frames: 300, before: [info] }),
    makeWav({ fmtSize: 18, frames: 300 }),
    makeWav({ container: 'RIFX', bits: 24, frames: 300, after: [info] }),
    makeWav({ container: 'RIFX', codec: 'float', extensible: true, frames: 200 }),
    makeWav({ container: 'RF64', frames: 400, after: [info] }),
    makeWav({ container: 'RF64', codec: 'float', bits: 64, frames: 100 }),
    makeWav({
      frames: 300,
      before: [
        { type: 'bext', description: 'desc', originator: 'orig', date: '2024-02-03' },
        { type: 'smpl', rootNote: 60, loops: [{ start: 1, end: 200 }] },
        { type: 'JUNK', bytes: 37 },
      ],
      after: [{ type: 'acid', tempo: 128, beats: 8 }, info],
    }),
    makeWav({ frames: 100, before: [{ type: 'JUNK', bytes: 6000 }] }), // need-more on a 4 KB prefix
    makeAiff({ frames: 500, name: 'n', author: 'a', annotation: 'x' }),
    makeAiff({
      bits: 8,
      channels: 2,
      frames: 301,
      instrument: { rootNote: 60, loop: { start: 5, end: 90 } },
    }),
    makeAiff({ bits: 24, frames: 300, ssndOffset: 10 }),
    makeAiff({ compression: 'sowt', channels: 2, frames: 300 }),
    makeAiff({ compression: 'fl32', frames: 300, name: 'float' }),
    makeAiff({ compression: 'fl64', frames: 100 }),
    makeAiff({ compression: 'alaw', frames: 700 }),
    makeAiff({ compression: 'ulaw', frames: 700 }),
    makeAiff({ compression: 'NONE', frames: 300, instrument: { rootNote: 40 } }),
  ];
  return [...riff.map((file) => ({ file, name: 'Loop_120_bpm.wav' })), ...encodedCorpus()];
}

/** Offsets of the top-level chunk headers, by the file's own sizes (stops at nonsense). */
function chunkOffsets(file: Buffer): number[] {
  const bigEndian =
    file.toString('latin1', 0, 4) === 'RIFX' || file.toString('latin1', 0, 4) === 'FORM';
  const offsets: number[] = [];
  for (let at = 12; at + 8 <= file.length;) {
    offsets.push(at);
    const size = bigEndian ? file.readUInt32BE(at + 4) : file.readUInt32LE(at + 4);
    if (size === 0xffffffff) break;
    at += 8 + size + (size % 2);
  }
  return offsets;
}

/** A position biased toward the header, where damage matters most. */
function position(rng: Rng, length: number): number {
  return rng() < 0.7 ? int(rng, Math.min(length, 160)) : int(rng, length);
}

const SIZES = [
  0, 1, 2, 3, 7, 8, 0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000, 65_536, 16_000_001,
];

function mutate(rng: Rng, input: Buffer, log: string[]): Buffer {
  let file = input;
  const offsets = chunkOffsets(file);
  switch (int(rng, 9)) {
    case 0: {
      const flips = 1 + int(rng, 8);
      file = Buffer.from(file);
      for (let i = 0; i < flips && file.length > 0; i++) {
        const at = position(rng, file.length);
        file[at] = (file[at] ?? 0) ^ (1 << int(rng, 8));
      }
      log.push(`flip ${flips} bits`);
      break;
    }
    case 1: {
      if (file.length === 0) break;
      const at = position(rng, file.length);
      const count = 1 + int(rng, 8);
      const fill = pick(rng, ['00', 'ff', 'random'] as const);
      file = Buffer.from(file);
      for (let i = at; i < Math.min(file.length, at + count); i++) {
        file[i] = fill === '00' ? 0 : fill === 'ff' ? 0xff : int(rng, 256);
      }
      log.push(`overwrite ${count} bytes at ${at} with ${fill}`);
      break;
    }
    case 2:
    case 3: {
      if (offsets.length === 0) break;
      const at = pick(rng, offsets) + 4;
      const size = rng() < 0.5 ? pick(rng, SIZES) : int(rng, 2 ** 32);
      file = Buffer.from(file);
      if (rng() < 0.5) file.writeUInt32LE(size, at);
      else file.writeUInt32BE(size, at);
      log.push(`chunk size at ${at} = ${size}`);
      break;
    }
    case 4: {
      const length = rng() < 0.5 ? int(rng, Math.min(file.length, 200)) : int(rng, file.length + 1);
      file = file.subarray(0, length);
      log.push(`truncate to ${length}`);
      break;
    }
    case 5: {
      if (offsets.length === 0) break;
      const i = int(rng, offsets.length);
      const from = offsets[i] ?? 12;
      const to = Math.min(file.length, offsets[i + 1] ?? from + 64);
      const into = pick(rng, offsets);
      file = Buffer.concat([file.subarray(0, into), file.subarray(from, to), file.subarray(into)]);
      log.push(`duplicate chunk at ${from} (${to - from} bytes) before ${into}`);
      break;
    }
    case 6: {
      const at = position(rng, file.length + 1);
      const extra = Buffer.from(Array.from({ length: 1 + int(rng, 64) }, () => int(rng, 256)));
      file = Buffer.concat([file.subarray(0, at), extra, file.subarray(at)]);
      log.push(`insert ${extra.length} random bytes at ${at}`);
      break;
    }
    case 7: {
      // Random 16/32-bit values over the fields of the first chunks (fmt, ds64, COMM).
      const at = 12 + int(rng, 60);
      if (at + 4 > file.length) break;
      file = Buffer.from(file);
      file.writeUInt32LE(rng() < 0.3 ? pick(rng, SIZES) : int(rng, 2 ** 32), at);
      log.push(`field at ${at} = random`);
      break;
    }
    case 8: {
      // Damage near the end, where an Ogg file's last page is.
      if (file.length === 0) break;
      const at = Math.max(0, file.length - 1 - int(rng, 300));
      file = Buffer.from(file);
      file[at] = (file[at] ?? 0) ^ (1 << int(rng, 8));
      log.push(`flip a bit at ${at} (from the end)`);
      break;
    }
  }
  return file;
}

/** Random bytes, sometimes behind a real magic so the walk goes past the first check. */
function randomFile(rng: Rng, log: string[]): Buffer {
  const body = Buffer.from(Array.from({ length: int(rng, 600) }, () => int(rng, 256)));
  const heads = [
    '',
    'RIFF\x00\x10\x00\x00WAVE',
    'RIFXxxxxWAVEfmt ',
    'RF64\xff\xff\xff\xffWAVEds64',
    'FORMxxxxAIFFCOMM',
    'FORMxxxxAIFC',
    'fLaC\x00\x00\x00\x22',
    'OggS\x00\x02',
    'ID3\x03\x00\x00',
    '\xff\xfb\x90\x64',
  ];
  const head = pick(rng, heads);
  log.push(`random ${body.length} bytes after ${JSON.stringify(head)}`);
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** Why the result breaks the reader's contract, or undefined when it keeps it. */
function violation(
  result: HeaderParse,
  given: number,
  fileSize: number,
  tailGiven = 0,
): string | undefined {
  switch (result.kind) {
    case 'ok': {
      const h = result.header;
      if (!Number.isInteger(h.channels) || h.channels < 1 || h.channels > 64)
        return `channels ${h.channels}`;
      if (!(h.sampleRate > 0 && h.sampleRate <= 1_000_000)) return `sampleRate ${h.sampleRate}`;
      if (!(h.dataOffset >= 0 && h.dataBytes >= 0)) return `data ${h.dataOffset}+${h.dataBytes}`;
      if (h.dataOffset + h.dataBytes > fileSize) return `data ends past the file (${fileSize})`;
      if (!(h.frames >= 0) || !Number.isFinite(h.frames)) return `frames ${h.frames}`;
      if (!Number.isFinite(h.durationSec) || h.durationSec < 0)
        return `durationSec ${h.durationSec}`;
      if (h.tempo !== null && !Number.isFinite(h.tempo)) return `tempo ${h.tempo}`;
      if (!Number.isInteger(h.frames)) return `frames ${h.frames} not whole`;
      if (typeof h.lengthEstimated !== 'boolean') return 'lengthEstimated';
      const texts = [h.meta.title, h.meta.artist, h.meta.comment, h.meta.description, h.meta.key];
      for (const text of texts) {
        if (text !== undefined && (text.length === 0 || text.length > 1000))
          return `text of ${text.length}`;
      }
      if ((h.meta.loops?.length ?? 0) > 64) return 'too many loops';
      return undefined;
    }
    case 'error':
      if (typeof result.reason !== 'string' || result.reason.trim() === '') return 'empty reason';
      if (result.reason.startsWith('internal error')) return result.reason;
      return undefined;
    case 'need-more':
      if (!Number.isInteger(result.bytes)) return `need-more ${result.bytes}`;
      if (result.bytes <= given) return `need-more ${result.bytes} with ${given} given`;
      if (result.bytes > fileSize || result.bytes > MAX_HEADER_BYTES)
        return `need-more ${result.bytes} past the cap`;
      return undefined;
    case 'need-tail':
      if (!Number.isInteger(result.bytes)) return `need-tail ${result.bytes}`;
      if (given >= fileSize) return 'need-tail although every byte was given';
      if (result.bytes <= tailGiven) return `need-tail ${result.bytes} with ${tailGiven} given`;
      if (result.bytes > fileSize || result.bytes > MAX_TAIL_BYTES)
        return `need-tail ${result.bytes} past the cap`;
      return undefined;
    default:
      return `unknown kind ${JSON.stringify(result)}`;
  }
}

/**
 * Parses the whole file, then a prefix the way the scanner does, following need-more and
 * need-tail (the scanner reads nothing else: that bounds what a file can make it read).
 */
function runCase(rng: Rng, file: Buffer, name: string): string | undefined {
  const whole = parseAudioHeader(file, file.length, name);
  const wrong = violation(whole, file.length, file.length) ?? adpcmViolation(whole, file);
  if (wrong) return `whole file: ${wrong}`;
  if (whole.kind === 'need-more') return 'whole file: need-more although every byte was given';

  let given = Math.min(file.length, rng() < 0.5 ? 4096 : int(rng, file.length + 1));
  let tail: Buffer | undefined;
  for (let round = 0; round < 8; round++) {
    const result = parseAudioHeader(file.subarray(0, given), file.length, undefined, tail);
    const bad = violation(result, given, file.length, tail?.length ?? 0);
    if (bad) return `prefix of ${given}${tail ? ` and tail of ${tail.length}` : ''}: ${bad}`;
    if (result.kind === 'need-more') given = result.bytes;
    else if (result.kind === 'need-tail') tail = file.subarray(file.length - result.bytes);
    else return undefined;
  }
  return `need-more/need-tail did not settle (at ${given} of ${file.length})`;
}

describe('parseAudioHeader under mutation fuzzing', () => {
  it(`never throws and keeps its contract (seed ${SEED})`, () => {
    const files = corpus();
    const kinds = { ok: 0, error: 0, 'need-more': 0, 'need-tail': 0 };
    const started = performance.now();
    let cases = 0;
    let slowest = 0;
    let slowestCase = 0;
    let failure: string | undefined;
    for (; cases < MAX_CASES; cases++) {
      if (cases >= MIN_CASES && performance.now() - started > BUDGET_MS) break;
      const rng = mulberry32(SEED ^ Math.imul(cases + 1, 0x9e3779b1));
      const log: string[] = [];
      let file: Buffer;
      let name = 'random.wav';
      if (rng() < 0.1) file = randomFile(rng, log);
      else {
        const index = int(rng, files.length);
        log.push(`corpus #${index}`);
        const sample = files[index] as Sample;
        file = sample.file;
        name = sample.name;
        for (let m = 1 + int(rng, 3); m > 0; m--) file = mutate(rng, file, log);
        // Damage an Ogg page's CRC catches stops at the CRC: half the time, sign the pages
        // again so the damage reaches the header and comment parsing behind it.
        if (file.toString('latin1', 0, 4) === 'OggS' && rng() < 0.5) {
          file = Buffer.from(file);
          for (const page of oggPages(file)) {
            if (page.at + page.length <= file.length) resignOggPage(file, page.at, page.length);
          }
          log.push('Ogg pages signed again');
        }
      }
      let problem: string | undefined;
      const t0 = performance.now();
      try {
        problem = runCase(rng, file, name);
      } catch (error) {
        problem = `threw ${String(error)}`;
      }
      const took = performance.now() - t0;
      if (took > slowest) [slowest, slowestCase] = [took, cases];
      if (problem) {
        failure =
          `FUZZ_SEED=${SEED} case ${cases}: ${problem}\n  mutations: ${log.join('; ')}\n` +
          `  input (${file.length} bytes, base64): ${file.subarray(0, 2048).toString('base64')}`;
        break;
      }
      kinds[parseAudioHeader(file, file.length, name).kind] += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `fuzz: ${cases} cases in ${seconds.toFixed(1)} s (seed ${SEED}), slowest case ${slowest.toFixed(2)} ms (#${slowestCase}), ` +
        `whole-file results ${JSON.stringify(kinds)}`,
    );
    if (failure) throw new Error(failure);
    expect(cases).toBeGreaterThanOrEqual(MIN_CASES);
    // The corpus must exercise every outcome, or the mutations are too weak or too strong.
    expect(kinds.ok).toBeGreaterThan(cases / 20);
    expect(kinds.error).toBeGreaterThan(cases / 20);
  });
});
