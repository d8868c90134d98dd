/** One file being played: reads its audio data a chunk ahead and turns it into device PCM. */
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Frames, MonoMs } from '../../shared/unit-types';
import type { Disposable } from '../../shared/lifecycle';
import { formatBytes } from '../../shared/units';
import type { AudioHeader } from '../formats/header-types';
import { applyGain, blockSpan, createInt16Decoder, isPassthrough } from '../formats/pcm-decode';
import { DecodedStream } from './decoded-stream';
import { isStreamCodec, type StreamCodec } from './stream-decoders';

export interface PlaybackOptions {
  playId: number;
  path: string;
  /** Open for reading; the playback closes it. */
  handle: FileHandle;
  header: AudioHeader;
  firstFrame: Frames;
  loop: boolean;
  /** Linear gain applied to the 16-bit samples (1: untouched). */
  gain: number;
  /** Audio per read, in ms. */
  chunkMs: number;
  /** A damaged frame was skipped (compressed files): the file frame, and the decoder's words. */
  onDamage?: (frame: Frames, detail: string) => void;
}

export class Playback implements Disposable {
  readonly playId: number;
  readonly path: string;
  /** The file frame this playback starts at (its positions count from here). */
  readonly firstFrame: Frames;
  loop: boolean;
  gain: number;
  readonly rate: number;
  readonly channels: number;
  readonly frames: Frames;
  readonly chunkFrames: Frames;
  readonly name: string;
  private readonly handle: FileHandle;
  private readonly header: AudioHeader;
  private readonly decode: ((src: Uint8Array, frames: number, out: Int16Array) => void) | null;
  /** Next frame to read from the file. */
  private readFrame: Frames;
  /** Frames handed to the device for this playback, loops included. */
  written: Frames = 0;
  /** Monotonic ms at which the first written frame sounds (rebased on resume). */
  startsAt: MonoMs = 0;
  state: 'playing' | 'paused' | 'ending' | 'done' = 'playing';
  /** Monotonic ms at which the first frame must sound; silence goes out before it. */
  leadInUntil: MonoMs | null = null;
  /** Its first chunk (lead-in silence or file) went to the device. */
  started = false;
  private pending: Promise<Buffer | null> | null = null;
  /** FLAC, MP3, Vorbis and Opus: decoded as they play, from the file's start on every loop. */
  private readonly codec: StreamCodec | null;
  private stream: DecodedStream | null = null;
  private readonly onDamage: PlaybackOptions['onDamage'];

  constructor(options: PlaybackOptions) {
    const { header } = options;
    this.playId = options.playId;
    this.path = options.path;
    this.handle = options.handle;
    this.header = header;
    this.firstFrame = options.firstFrame;
    this.loop = options.loop;
    this.gain = options.gain;
    this.rate = header.sampleRate;
    this.channels = header.channels;
    this.frames = header.frames;
    this.name = basename(options.path);
    this.chunkFrames = Math.max(64, Math.round((header.sampleRate * options.chunkMs) / 1000));
    this.codec = isStreamCodec(header.codec) ? header.codec : null;
    this.decode = isPassthrough(header) || this.codec ? null : createInt16Decoder(header);
    if (this.codec) {
      this.stream = new DecodedStream(
        this.codec,
        options.handle,
        header,
        this.name,
        options.firstFrame,
        options.onDamage,
      );
    }
    this.onDamage = options.onDamage;
    this.readFrame = Math.min(options.firstFrame, header.frames);
  }

  /** The file frame the device is playing at `now`. */
  positionAt(now: MonoMs): Frames {
    const played = Math.min(this.written, Math.max(0, ((now - this.startsAt) * this.rate) / 1000));
    const frame = this.firstFrame + Math.floor(played);
    return this.loop && this.frames > 0 ? frame % this.frames : Math.min(frame, this.frames);
  }

  /** The next chunk of device PCM, read ahead by one; null at the end (when not looping). */
  next(): Promise<Buffer | null> {
    const chunk = this.pending ?? this.read();
    this.pending = null;
    void chunk.then(
      (c) => {
        if (c && this.state !== 'done') {
          this.pending = this.read();
          // Handled when next() takes it; a read that outlives the playback fails unheard.
          this.pending.catch(() => undefined);
        }
      },
      () => undefined,
    );
    return chunk;
  }

  private async read(): Promise<Buffer | null> {
    if (this.stream) return this.readDecoded(this.stream);
    if (this.readFrame >= this.frames) {
      if (!this.loop || this.frames === 0) return null;
      this.readFrame = 0;
    }
    const frames = Math.min(this.chunkFrames, this.frames - this.readFrame);
    const from = this.readFrame;
    this.readFrame += frames;
    // PCM: exactly these frames. ADPCM: the whole blocks holding them, less `skip` frames before.
    const { position, bytes, skip } = blockSpan(this.header, from, frames);
    const raw = Buffer.allocUnsafeSlow(bytes);
    const { bytesRead } = await this.handle.read(raw, 0, bytes, position);
    if (bytesRead < bytes) {
      throw new Error(
        `${this.name} ends early: the audio data stops after ${formatBytes(position + bytesRead)}`,
      );
    }
    let pcm: Buffer;
    if (this.decode) {
      const out = new Int16Array((skip + frames) * this.channels);
      this.decode(raw, skip + frames, out);
      pcm = Buffer.from(out.buffer, skip * this.channels * 2, frames * this.channels * 2);
    } else pcm = raw;
    return this.withGain(pcm);
  }

  private async readDecoded(stream: DecodedStream): Promise<Buffer | null> {
    let samples = await stream.read(this.chunkFrames);
    if (samples === null && this.loop && this.frames > 0 && this.state !== 'done') {
      this.stream = new DecodedStream(
        this.codec!,
        this.handle,
        this.header,
        this.name,
        0,
        this.onDamage,
      );
      samples = await this.stream.read(this.chunkFrames);
    }
    if (samples === null) return null;
    return this.withGain(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  }

  private withGain(pcm: Buffer): Buffer {
    if (this.gain !== 1) {
      applyGain(
        new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length >> 1),
        pcm.length >> 1,
        this.gain,
      );
    }
    return pcm;
  }

  /** Ends it and closes its file. */
  async dispose(): Promise<void> {
    this.state = 'done';
    this.stream?.release();
    await this.handle.close().catch(() => undefined);
  }
}
