import { describe, expect, it } from 'vitest';
import {
  applyGain,
  createInt16Decoder,
  decodableReason,
  isPassthrough,
  planarFloatToInt16,
  planarIntToInt16,
} from '../../src/main/formats/pcm-decode';
import type { AudioHeader } from '../../src/main/formats/header-types';
import { parseAudioHeader } from '../../src/main/formats/read-header';
import {
  alawEncode,
  buildAiff,
  buildWav,
  corruptions,
  mulawEncode,
  testSignal,
  type AiffOptions,
  type BuiltFile,
  type WavOptions,
} from '../fixtures/audio-files';

// ---------------------------------------------------------------- what each format should decode to

/** The fixture's quantisation: round(x × 2^(bits-1)), clamped. */
function quantise(x: number, bits: number): number {
  const full = 2 ** (bits - 1);
  return Math.max(-full, Math.min(full - 1, Math.round(x * full)));
}

const clamp16 = (v: number) => Math.max(-32768, Math.min(32767, v));

/** G.711 expansion written from the segment/mantissa formula, apart from the decoder's table. */
function alawExpand(code: number): number {
  const a = code ^ 0x55;
  const exponent = (a >> 4) & 7;
  const mantissa = a & 15;
  const magnitude =
    exponent === 0 ? (2 * mantissa + 1) * 8 : (2 * mantissa + 33) * 8 * 2 ** (exponent - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

function mulawExpand(code: number): number {
  const u = ~code & 0xff;
  const magnitude = (2 * (u & 15) + 33) * 2 ** (((u >> 4) & 7) + 2) - 132;
  return u & 0x80 ? 0 - magnitude : magnitude; // not -magnitude: 0x7F ("-0") is a plain 0
}

type Kind =
  { codec: 'pcm'; bits: number } | { codec: 'float'; bits: 32 | 64 } | { codec: 'alaw' | 'mulaw' };

/** The exact 16-bit value the documented rules give for the fixture's encoding of x. */
function expected(x: number, kind: Kind): number {
  switch (kind.codec) {
    case 'alaw':
      return alawExpand(alawEncode(quantise(x, 16)));
    case 'mulaw':
      return mulawExpand(mulawEncode(quantise(x, 16)));
    case 'float':
      return clamp16(Math.round((kind.bits === 32 ? Math.fround(x) : x) * 32768));
    case 'pcm': {
      const q = quantise(x, kind.bits);
      if (kind.bits <= 16) return q * 2 ** (16 - kind.bits);
      return clamp16(Math.round(q / 2 ** (kind.bits - 16)));
    }
  }
}

// ---------------------------------------------------------------- the variants the fixtures make

interface Variant {
  name: string;
  kind: Kind;
  build: (channels: number, frames: number) => BuiltFile;
  passthrough?: boolean;
}

const wav =
  (options: WavOptions) =>
  (channels: number, frames: number): BuiltFile =>
    buildWav({ ...options, channels, frames, sampleRate: 44100 });
const aiff =
  (options: AiffOptions) =>
  (channels: number, frames: number): BuiltFile =>
    buildAiff({ ...options, channels, frames, sampleRate: 44100 });

const pcm = (bits: number): Kind => ({ codec: 'pcm', bits });

const variants: Variant[] = [
  ...[8, 16, 24, 32].map((bits) => ({
    name: `WAV PCM ${bits}`,
    kind: pcm(bits),
    build: wav({ codec: 'pcm', bits }),
    passthrough: bits === 16,
  })),
  { name: 'WAV float 32', kind: { codec: 'float', bits: 32 }, build: wav({ codec: 'float' }) },
  {
    name: 'WAV float 64',
    kind: { codec: 'float', bits: 64 },
    build: wav({ codec: 'float', bits: 64 }),
  },
  {
    name: 'WAV EXTENSIBLE PCM 16',
    kind: pcm(16),
    build: wav({ codec: 'pcm', bits: 16, extensible: true }),
    passthrough: true,
  },
  {
    name: 'WAV EXTENSIBLE PCM 24',
    kind: pcm(24),
    build: wav({ codec: 'pcm', bits: 24, extensible: true }),
  },
  {
    name: 'WAV EXTENSIBLE float 32',
    kind: { codec: 'float', bits: 32 },
    build: wav({ codec: 'float', extensible: true }),
  },
  {
    name: 'RF64 PCM 16',
    kind: pcm(16),
    build: wav({ container: 'RF64', codec: 'pcm', bits: 16 }),
    passthrough: true,
  },
  ...[8, 16, 24, 32].map((bits) => ({
    name: `RIFX PCM ${bits}`,
    kind: pcm(bits),
    build: wav({ container: 'RIFX', codec: 'pcm', bits }),
  })),
  {
    name: 'RIFX float 32',
    kind: { codec: 'float', bits: 32 },
    build: wav({ container: 'RIFX', codec: 'float' }),
  },
  {
    name: 'RIFX float 64',
    kind: { codec: 'float', bits: 64 },
    build: wav({ container: 'RIFX', codec: 'float', bits: 64 }),
  },
  { name: 'WAV A-law', kind: { codec: 'alaw' }, build: wav({ codec: 'alaw' }) },
  { name: 'WAV µ-law', kind: { codec: 'mulaw' }, build: wav({ codec: 'mulaw' }) },
  ...[8, 16, 24, 32].map((bits) => ({
    name: `AIFF PCM ${bits}`,
    kind: pcm(bits),
    build: aiff({ bits }),
  })),
  ...[8, 16, 24, 32].map((bits) => ({
    name: `AIFF-C NONE ${bits}`,
    kind: pcm(bits),
    build: aiff({ compression: 'NONE', bits }),
  })),
  { name: 'AIFF-C twos 16', kind: pcm(16), build: aiff({ compression: 'twos', bits: 16 }) },
  ...[8, 16, 24].map((bits) => ({
    name: `AIFF-C sowt ${bits}`,
    kind: pcm(bits),
    build: aiff({ compression: 'sowt', bits }),
    passthrough: bits === 16,
  })),
  { name: 'AIFF-C fl32', kind: { codec: 'float', bits: 32 }, build: aiff({ compression: 'fl32' }) },
  { name: 'AIFF-C fl64', kind: { codec: 'float', bits: 64 }, build: aiff({ compression: 'fl64' }) },
  { name: 'AIFF-C alaw', kind: { codec: 'alaw' }, build: aiff({ compression: 'alaw' }) },
  { name: 'AIFF-C ulaw', kind: { codec: 'mulaw' }, build: aiff({ compression: 'ulaw' }) },
];

function headerOf(file: Buffer): AudioHeader {
  const parsed = parseAudioHeader(file, file.length);
  if (parsed.kind !== 'ok') throw new Error(`fixture did not parse: ${JSON.stringify(parsed)}`);
  return parsed.header;
}

/** A copy of `bytes` whose byteOffset is odd, inside a larger buffer. */
function atOddOffset(bytes: Uint8Array): Uint8Array {
  const holder = new Uint8Array(bytes.length + 3);
  holder.set(bytes, 1);
  return holder.subarray(1, 1 + bytes.length);
}

const FRAMES = 997; // odd, so nothing lines up by luck
const SENTINEL = 12345;

describe('createInt16Decoder on every playable fixture', () => {
  const cases = variants.flatMap((v) => [1, 2, 3, 4, 5, 6].map((channels) => ({ ...v, channels })));

  it.each(cases)('$name, $channels ch', ({ kind, build, channels, passthrough }) => {
    const file = build(channels, FRAMES);
    const h = headerOf(file.bytes);
    expect(h.playable).toBe(true);
    expect(decodableReason(h)).toBeNull();
    expect(isPassthrough(h)).toBe(passthrough === true);
    expect(h.frames).toBe(FRAMES);

    const data = file.bytes.subarray(h.dataOffset, h.dataOffset + h.dataBytes);
    const decode = createInt16Decoder(h);
    const count = FRAMES * channels;
    // One more than needed: the decoder must not write past frames × channels.
    const out = new Int16Array(count + 1).fill(SENTINEL);
    decode(data, FRAMES, out);
    expect(out[count]).toBe(SENTINEL);

    const signal = testSignal(FRAMES, channels, 44100);
    const want = Int16Array.from(signal, (x) => expected(x, kind));
    expect(out.subarray(0, count)).toEqual(want);

    // And what the brief promises against the ideal signal.
    const tolerance =
      kind.codec === 'alaw' || kind.codec === 'mulaw'
        ? 1024 // G.711's coarsest step near full scale
        : kind.codec === 'pcm' && kind.bits === 8
          ? 128 + 1
          : 1;
    for (let i = 0; i < count; i++) {
      const ideal = Math.round(signal[i]! * 32767);
      if (Math.abs(out[i]! - ideal) > tolerance) {
        expect.fail(`sample ${i}: ${out[i]} vs ideal ${ideal} (±${tolerance})`);
      }
    }

    if (passthrough) {
      // Bit-exact: the decoded samples' bytes are the data bytes.
      expect(Buffer.from(out.buffer, 0, count * 2).equals(data)).toBe(true);
    }

    // The same from an odd byteOffset, and for a prefix of the frames.
    const odd = new Int16Array(count).fill(SENTINEL);
    decode(atOddOffset(data), FRAMES, odd);
    expect(odd).toEqual(want);
    const part = new Int16Array(count).fill(SENTINEL);
    decode(atOddOffset(data), 5, part);
    expect(part.subarray(0, 5 * channels)).toEqual(want.subarray(0, 5 * channels));
    expect(part[5 * channels]).toBe(SENTINEL);
  });
});

// ---------------------------------------------------------------- hand-made samples at the edges

function header(overrides: Partial<AudioHeader>): AudioHeader {
  const base: AudioHeader = {
    container: 'WAV',
    codec: 'pcm',
    codecLabel: 'PCM',
    formatTag: 1,
    extensible: false,
    bigEndian: false,
    sampleRate: 44100,
    channels: 1,
    bitsPerSample: 16,
    blockAlign: 2,
    frames: 0,
    durationSec: 0,
    lengthEstimated: false,
    dataOffset: 44,
    dataBytes: 0,
    playable: true,
    tempo: null,
    tempoSource: null,
    meta: {},
  };
  const h = { ...base, ...overrides };
  return { ...h, blockAlign: overrides.blockAlign ?? (h.channels * h.bitsPerSample) / 8 };
}

function decodeBytes(h: AudioHeader, bytes: number[]): number[] {
  const src = atOddOffset(Uint8Array.from(bytes));
  const frames = bytes.length / h.blockAlign;
  const out = new Int16Array(frames * h.channels);
  createInt16Decoder(h)(src, frames, out);
  return Array.from(out);
}

describe('rounding and clamping at the edges', () => {
  it('24-bit rounds halves up and clamps the top', () => {
    const le = header({ bitsPerSample: 24 });
    // 0x7FFFFF (32767.996 → 32767), -0x800000, 128 (0.5 → 1), 127, -128 (-0.5 → 0), -129
    const values = [0x7fffff, -0x800000, 128, 127, -128, -129];
    const bytesLE = values.flatMap((v) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff]);
    const want = [32767, -32768, 1, 0, 0, -1];
    expect(decodeBytes(le, bytesLE)).toEqual(want);
    const bytesBE = values.flatMap((v) => [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]);
    expect(decodeBytes(header({ bitsPerSample: 24, bigEndian: true }), bytesBE)).toEqual(want);
  });

  it('32-bit rounds halves up and clamps the top, without overflowing', () => {
    const values = [0x7fffffff, -0x80000000, 0x7fff7fff, 0x8000, 0x7fff, -0x8000, -0x8001];
    const want = [32767, -32768, 32767, 1, 0, 0, -1];
    const le = Buffer.alloc(values.length * 4);
    const be = Buffer.alloc(values.length * 4);
    values.forEach((v, i) => {
      le.writeInt32LE(v, i * 4);
      be.writeInt32BE(v, i * 4);
    });
    expect(decodeBytes(header({ bitsPerSample: 32 }), [...le])).toEqual(want);
    expect(decodeBytes(header({ bitsPerSample: 32, bigEndian: true }), [...be])).toEqual(want);
  });

  it('float clamps to [-32768, 32767] and turns NaN into 0', () => {
    const values = [1, -1, 0.5, -0.5, 2, -2, Infinity, -Infinity, NaN, -0, 1e-9, 0.99999];
    const want = [32767, -32768, 16384, -16384, 32767, -32768, 32767, -32768, 0, 0, 0, 32767];
    for (const bits of [32, 64] as const) {
      for (const bigEndian of [false, true]) {
        const size = bits / 8;
        const bytes = Buffer.alloc(values.length * size);
        values.forEach((v, i) => {
          if (bits === 32) {
            if (bigEndian) bytes.writeFloatBE(v, i * size);
            else bytes.writeFloatLE(v, i * size);
          } else if (bigEndian) bytes.writeDoubleBE(v, i * size);
          else bytes.writeDoubleLE(v, i * size);
        });
        const h = header({ codec: 'float', bitsPerSample: bits, bigEndian });
        expect(decodeBytes(h, [...bytes])).toEqual(want);
      }
    }
  });

  it('8-bit: unsigned in WAV, signed in AIFF, exact', () => {
    expect(decodeBytes(header({ bitsPerSample: 8 }), [0, 128, 255, 1])).toEqual([
      -32768, 0, 32512, -32512,
    ]);
    const aiff = header({ container: 'AIFF', bitsPerSample: 8, bigEndian: true });
    expect(decodeBytes(aiff, [0x80, 0, 0x7f, 0xff])).toEqual([-32768, 0, 32512, -256]);
  });

  it('16-bit big-endian is a byte swap', () => {
    const h = header({ bigEndian: true, container: 'RIFX' });
    expect(decodeBytes(h, [0x80, 0x00, 0x7f, 0xff, 0x12, 0x34, 0xff, 0xfe])).toEqual([
      -32768, 32767, 0x1234, -2,
    ]);
  });

  it('G.711: all 256 codes expand as the standard says and re-encode to themselves', () => {
    const codes = Array.from({ length: 256 }, (_, i) => i);
    const alaw = decodeBytes(header({ codec: 'alaw', bitsPerSample: 8 }), codes);
    const mulaw = decodeBytes(header({ codec: 'mulaw', bitsPerSample: 8 }), codes);
    expect(alaw).toEqual(codes.map(alawExpand));
    expect(mulaw).toEqual(codes.map(mulawExpand));
    // Anchors from G.711: the smallest and largest magnitudes.
    expect([alaw[0xd5], alaw[0x55], alaw[0xaa], alaw[0x2a]]).toEqual([8, -8, 32256, -32256]);
    expect([mulaw[0xff], mulaw[0x7f], mulaw[0x80], mulaw[0x00]]).toEqual([0, 0, 32124, -32124]);
    // The fixture's encoders invert the expansion (µ-law's "-0", 0x7F, comes back as 0xFF).
    expect(alaw.map((v) => alawEncode(v))).toEqual(codes);
    expect(mulaw.map((v) => mulawEncode(v))).toEqual(codes.map((c) => (c === 0x7f ? 0xff : c)));
  });
});

describe('planarIntToInt16 (FLAC decoder output)', () => {
  /** What the WASM decoder gives for integer samples: v / (2^(bits-1) - 1) in a Float32. */
  const asDecoded = (values: number[], bits: number) =>
    Float32Array.from(values, (v) => v / (2 ** (bits - 1) - 1));

  it('gives 16-bit samples back exactly, the extremes included, interleaved', () => {
    const left = [32767, -32768, 0, 1, -1, 12345];
    const right = [-32768, 32767, -1, 0, 2, -12345];
    const out = new Int16Array(12);
    planarIntToInt16([asDecoded(left, 16), asDecoded(right, 16)], 16, 0, 6, out);
    expect([...out]).toEqual(left.flatMap((v, i) => [v, right[i]]));
  });

  it('rounds 24-bit samples as a 24-bit WAV is rounded, from an offset', () => {
    const values = [0, 0x7fffff, -0x800000, 128, 127, -128, -129];
    const out = new Int16Array(6);
    planarIntToInt16([asDecoded(values, 24)], 24, 1, 6, out);
    expect([...out]).toEqual([32767, -32768, 1, 0, 0, -1]);
  });

  it('left-justifies samples narrower than 16 bits', () => {
    const out = new Int16Array(3);
    planarIntToInt16([asDecoded([127, -128, 1], 8)], 8, 0, 3, out);
    expect([...out]).toEqual([127 << 8, -128 << 8, 256]);
  });
});

describe('planarFloatToInt16 (MP3 decoder output)', () => {
  it('converts as float WAV samples are, interleaved, from an offset', () => {
    const left = Float32Array.of(9, 1, -1, 0.5, 2);
    const right = Float32Array.of(9, -2, NaN, -0.5, 1e-9);
    const out = new Int16Array(8);
    planarFloatToInt16([left, right], 1, 4, out);
    expect([...out]).toEqual([32767, -32768, -32768, 0, 16384, -16384, 32767, 0]);
  });
});

describe('decodableReason', () => {
  it('names unknown formats and ADPCM that is not 4-bit; createInt16Decoder throws the same reason', () => {
    const ima = headerOf(
      corruptions.setChunkField(
        buildWav({ codec: 'ima-adpcm', frames: 2000 }).bytes,
        'fmt ',
        14,
        3,
        2,
      ),
    );
    const ms = headerOf(
      corruptions.setChunkField(
        buildWav({ codec: 'ms-adpcm', frames: 2000 }).bytes,
        'fmt ',
        14,
        2,
        2,
      ),
    );
    const mp3 = headerOf(corruptions.setChunkField(buildWav({}).bytes, 'fmt ', 0, 0x55, 2));
    const ima4 = headerOf(
      corruptions.overwrite(
        buildAiff({ compression: 'fl32' }).bytes,
        buildAiff({ compression: 'fl32' }).bytes.indexOf('fl32'),
        'ima4',
      ),
    );
    expect(decodableReason(ima)).toBe('3-bit IMA ADPCM is not supported');
    expect(decodableReason(ms)).toBe('2-bit MS ADPCM is not supported');
    expect(decodableReason(mp3)).toBe('format 0x0055 playback is not supported');
    expect(decodableReason(ima4)).toBe('compression (ima4) playback is not supported');
    for (const h of [ima, ms, mp3, ima4]) {
      expect(h.playable).toBe(false);
      expect(isPassthrough(h)).toBe(false);
      expect(() => createInt16Decoder(h)).toThrow(decodableReason(h) ?? 'unreachable');
    }
  });

  it('rejects sizes no decoder handles and a block align out of step', () => {
    expect(decodableReason(header({ bitsPerSample: 12 }))).toBe(
      '12-bit PCM playback is not supported',
    );
    expect(decodableReason(header({ codec: 'float', bitsPerSample: 16 }))).toBe(
      '16-bit float playback is not supported',
    );
    expect(decodableReason(header({ channels: 2, blockAlign: 2 }))).toBe(
      'block align 2 does not match 2 × 16 bits',
    );
  });

  it('plays 4-bit little-endian ADPCM with a block layout, and names what it cannot', () => {
    const ima = headerOf(buildWav({ codec: 'ima-adpcm', channels: 2, frames: 2000 }).bytes);
    expect(decodableReason(ima)).toBeNull();
    expect(ima.playable).toBe(true);
    const rifx = headerOf(buildWav({ container: 'RIFX', codec: 'ms-adpcm', frames: 2000 }).bytes);
    expect(rifx.playable).toBe(false);
    expect(decodableReason(rifx)).toBe('MS ADPCM in a big-endian (RIFX) file is not supported');
    const { adpcm: _layout, ...noLayout } = ima;
    expect(decodableReason(noLayout)).toBe('IMA ADPCM without a block layout');
  });
});

describe('applyGain', () => {
  it('rounds to nearest (halves up) and clamps', () => {
    const samples = Int16Array.of(100, -100, 32767, -32768, 3, -3, 7);
    applyGain(samples, 6, 0.5);
    // 16383.5 → 16384, 1.5 → 2, -1.5 → -1; the 7th sample is past `count`.
    expect(Array.from(samples)).toEqual([50, -50, 16384, -16384, 2, -1, 7]);
    const loud = Int16Array.of(20000, -20000, 100, -32768);
    applyGain(loud, 4, 2);
    expect(Array.from(loud)).toEqual([32767, -32768, 200, -32768]);
    const inverted = Int16Array.of(-32768, 32767);
    applyGain(inverted, 2, -1);
    expect(Array.from(inverted)).toEqual([32767, -32767]);
    const muted = Int16Array.of(5, -5);
    applyGain(muted, 2, 0);
    expect(Array.from(muted)).toEqual([0, 0]);
  });

  it('leaves the samples alone at gain 1 and refuses a non-finite gain', () => {
    const samples = Int16Array.of(1, -32768, 32767);
    applyGain(samples, 3, 1);
    expect(Array.from(samples)).toEqual([1, -32768, 32767]);
    expect(() => applyGain(samples, 3, NaN)).toThrow(RangeError);
    expect(() => applyGain(samples, 3, Infinity)).toThrow(RangeError);
  });
});
