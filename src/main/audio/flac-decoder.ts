/**
 * The audio process's one FLAC decoder (@wasm-audio-decoders/flac: libFLAC in WASM). Importing
 * it takes 25-80 ms and creating it 10-35 ms, so it is made once, ahead of the first play, and
 * handed from one playback to the next with a reset in between. The package is an ES module:
 * it is loaded with import(), which works from the CommonJS bundle.
 */
import type { FLACDecoder } from '@wasm-audio-decoders/flac';

export interface DecodedAudio {
  channelData: Float32Array[];
  samplesDecoded: number;
  bitDepth: number;
  errors: { message: string }[];
}

/** What a playback needs of the decoder. */
export interface StreamDecoder {
  decode(bytes: Uint8Array): Promise<DecodedAudio>;
  /** The last frame (the parser holds each frame until the next one's sync). */
  flush(): Promise<DecodedAudio>;
}

let decoder: Promise<FLACDecoder> | null = null;
/** The reset after the last user, which the next one waits for. */
let clean: Promise<unknown> = Promise.resolve();
let owner: object | null = null;

async function create(): Promise<FLACDecoder> {
  const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
  const created = new FLACDecoder();
  await created.ready;
  return created;
}

/** Starts loading the decoder, so the first FLAC played does not wait for it. */
export function preloadFlacDecoder(): Promise<unknown> {
  decoder ??= create();
  return decoder.catch(() => undefined);
}

/**
 * The decoder, fresh, for `user` alone until it calls release(). One file plays at a time, so a
 * second claim means the first user is gone: it must not touch the decoder any more.
 */
export async function claimFlacDecoder(user: object): Promise<StreamDecoder> {
  if (owner !== null) releaseFlacDecoder(owner);
  owner = user;
  decoder ??= create();
  const d = await decoder;
  await clean;
  return d;
}

/** Resets the decoder for the next user (in the background: the next claim waits for it). */
export function releaseFlacDecoder(user: object): void {
  if (owner !== user || !decoder) return;
  owner = null;
  const d = decoder;
  clean = clean.then(() => d.then((x) => x.reset())).catch(() => undefined);
}

/** Whether `user` still holds the decoder (false once another playback claimed it). */
export function holdsFlacDecoder(user: object): boolean {
  return owner === user;
}
