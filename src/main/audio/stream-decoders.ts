/**
 * The audio process's compressed-audio decoders, one of each: libFLAC
 * (@wasm-audio-decoders/flac) and mpg123 (mpg123-decoder), both in WASM. Importing one takes
 * 25-80 ms and creating it 10-35 ms, so each is made once, when the process starts, and handed
 * from one playback to the next with a reset in between. The packages are ES modules: they are
 * loaded with import(), which works from the CommonJS bundle.
 */

export interface DecodedAudio {
  channelData: Float32Array[];
  samplesDecoded: number;
  /** FLAC: the stream's bits per sample (its samples are integers scaled to ±1). */
  bitDepth?: number;
  /** Damaged frames the decoder skipped; `outputSamples`: what it had given since its reset. */
  errors?: { message: string; outputSamples: number }[];
}

/** What a playback needs of a decoder. */
export interface StreamDecoder {
  decode(bytes: Uint8Array): Promise<DecodedAudio> | DecodedAudio;
  /** What the decoder still holds at the end (FLAC's parser keeps each frame until the next). */
  flush(): Promise<DecodedAudio> | DecodedAudio;
  reset(): Promise<void>;
}

export type StreamCodec = 'flac' | 'mp3';

const EMPTY: DecodedAudio = { channelData: [], samplesDecoded: 0 };

async function create(codec: StreamCodec): Promise<StreamDecoder> {
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

class SharedDecoder {
  private decoder: Promise<StreamDecoder> | null = null;
  /** The reset after the last user, which the next one waits for. */
  private clean: Promise<unknown> = Promise.resolve();
  private owner: object | null = null;

  constructor(private readonly codec: StreamCodec) {}

  preload(): Promise<unknown> {
    this.decoder ??= create(this.codec);
    return this.decoder.catch(() => undefined);
  }

  /**
   * The decoder, fresh, for `user` alone until it calls release(). One file plays at a time, so
   * a second claim means the first user is gone: it must not touch the decoder any more.
   */
  async claim(user: object): Promise<StreamDecoder> {
    if (this.owner !== null) this.release(this.owner);
    this.owner = user;
    this.decoder ??= create(this.codec);
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

export const streamDecoders: Record<StreamCodec, SharedDecoder> = {
  flac: new SharedDecoder('flac'),
  mp3: new SharedDecoder('mp3'),
};

/** Starts loading every decoder, so the first file played does not wait for one. */
export function preloadStreamDecoders(): Promise<unknown> {
  return Promise.all(Object.values(streamDecoders).map((d) => d.preload()));
}
