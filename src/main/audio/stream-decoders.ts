/**
 * The compressed-audio decoders, one of each per process or thread (the audio process, each
 * worker thread that computes peaks): libFLAC (@wasm-audio-decoders/flac), mpg123
 * (mpg123-decoder), libvorbis (@wasm-audio-decoders/ogg-vorbis) and libopus (opus-decoder), all
 * in WASM; the last two are fed packets that ogg-pages.ts takes out of the pages
 * (ogg-decoders.ts). Importing one takes 25-80 ms and creating it 10-35 ms, so each is made once
 * (the audio process makes them when it starts) and handed from one file to the next with a
 * reset in between. The packages are ES modules: they are
 * loaded with import(), which works from the CommonJS bundle.
 */
import { createOpus, createVorbis } from './ogg-decoders';

export interface DecodedAudio {
  channelData: Float32Array[];
  samplesDecoded: number;
  /** FLAC: the stream's bits per sample (its samples are integers scaled to ±1). */
  bitDepth?: number;
  /** Damaged frames the decoder skipped; `outputSamples`: what it had given since its reset. */
  errors?: { message: string; outputSamples: number }[];
}

/** Decoder output and the file frame of its first sample (negative: before the first). */
export interface PlacedAudio {
  audio: DecodedAudio;
  frame: number;
  /** Why the audio before this piece is missing (a damaged stretch skipped), when it is. */
  damage?: string;
}

/** What a playback needs of a decoder. */
export interface StreamDecoder {
  decode(bytes: Uint8Array): Promise<DecodedAudio> | DecodedAudio;
  /** What the decoder still holds at the end (FLAC's parser keeps each frame until the next). */
  flush(): Promise<DecodedAudio> | DecodedAudio;
  reset(): Promise<void>;
}

/** What a playback needs of a decoder fed whole packets (Vorbis, Opus). */
export interface PacketDecoder {
  /** Sets it up for a stream from its header packets (Vorbis: all three; Opus: OpusHead). */
  begin(headers: readonly Uint8Array[]): Promise<void>;
  decodePackets(packets: Uint8Array[]): Promise<DecodedAudio> | DecodedAudio;
  reset(): Promise<void>;
}

export type StreamCodec = 'flac' | 'mp3' | 'vorbis' | 'opus';
export type OggCodec = 'vorbis' | 'opus';

/** The codecs the audio process decodes as the file plays (the rest are PCM it converts). */
export function isStreamCodec(codec: string): codec is StreamCodec {
  return codec === 'flac' || codec === 'mp3' || isOggCodec(codec);
}

export function isOggCodec(codec: string): codec is OggCodec {
  return codec === 'vorbis' || codec === 'opus';
}

const EMPTY: DecodedAudio = { channelData: [], samplesDecoded: 0 };

async function create(codec: 'flac' | 'mp3'): Promise<StreamDecoder> {
  if (codec === 'flac') {
    const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
    const flac = new FLACDecoder();
    await flac.ready;
    return flac;
  }
  const { MPEGDecoder } = await import('mpg123-decoder');
  // Gapless: mpg123 reads the LAME tag and drops the encoder delay and padding itself.
  const mpeg = new MPEGDecoder({ enableGapless: true });
  await mpeg.ready;
  return {
    decode: (bytes) => mpeg.decode(bytes),
    flush: () => EMPTY,
    reset: () => mpeg.reset(),
  };
}

interface Resettable {
  reset(): Promise<void>;
}

class SharedDecoder<D extends Resettable> {
  private decoder: Promise<D> | null = null;
  /** The reset after the last user, which the next one waits for. */
  private clean: Promise<unknown> = Promise.resolve();
  private owner: object | null = null;

  constructor(private readonly create: () => Promise<D>) {}

  preload(): Promise<unknown> {
    this.decoder ??= this.create();
    return this.decoder.catch(() => undefined);
  }

  /**
   * The decoder, fresh, for `user` alone until it calls release(). One file plays at a time, so
   * a second claim means the first user is gone: it must not touch the decoder any more.
   */
  async claim(user: object): Promise<D> {
    if (this.owner !== null) this.release(this.owner);
    this.owner = user;
    this.decoder ??= this.create();
    const d = await this.decoder;
    await this.clean;
    return d;
  }

  /** Resets the decoder for the next user, in the background (the next claim waits for it). */
  release(user: object): void {
    if (this.owner !== user || !this.decoder) return;
    this.owner = null;
    const d = this.decoder;
    this.clean = this.clean.then(() => d.then((x) => x.reset())).catch(() => undefined);
  }

  holds(user: object): boolean {
    return this.owner === user;
  }
}

export type { SharedDecoder };

export const streamDecoders: Record<'flac' | 'mp3', SharedDecoder<StreamDecoder>> = {
  flac: new SharedDecoder(() => create('flac')),
  mp3: new SharedDecoder(() => create('mp3')),
};

export const oggDecoders: Record<OggCodec, SharedDecoder<PacketDecoder>> = {
  vorbis: new SharedDecoder(createVorbis),
  opus: new SharedDecoder(createOpus),
};

/** Starts loading every decoder, so the first file played does not wait for one. */
export function preloadStreamDecoders(): Promise<unknown> {
  const all = [...Object.values(streamDecoders), ...Object.values(oggDecoders)];
  return Promise.all(all.map((d) => d.preload()));
}
