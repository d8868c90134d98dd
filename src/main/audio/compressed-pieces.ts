/**
 * A compressed file (FLAC, MP3, Ogg Vorbis, Opus) decoded a piece at a time into 16-bit interleaved PCM: the one
 * place the audio process (DecodedStream, to play it) and the worker pool (its waveform peaks)
 * decode one. The file is read `readBytes` at a time and fed to this process's (or worker
 * thread's) shared decoder; each piece of output is cut to the frames wanted and converted.
 * Only the bytes of one read and the samples of one piece are held, never the file.
 *
 * FLAC is read from its first frame; MP3 from the file's first byte, so mpg123 sees the ID3v2
 * tag and the LAME tag (the encoder delay and padding it drops). A FLAC start position begins
 * at the SEEKTABLE's last point before it (flac writes one every 10 s) or at a frame found by
 * bisection (flac-frame-search.ts); the frames before the position are decoded and dropped
 * (exact to the sample). An MP3 starts a few frames before the position (mp3-seek.ts), its
 * samples counted as the gapless decode from the top counts them. Vorbis and Opus are read a page at a time
 * by OggSource (ogg-stream.ts), which places each piece of output at its file frame.
 *
 * Output is cut at the header's length when that is exact; when it is an estimate (an MP3
 * without a Xing or VBRI frame) everything that decodes is given.
 */
import type { FileHandle } from 'node:fs/promises';
import { FLAC_MAX_PLAYABLE_BITS } from '../formats/flac';
import type { AudioHeader } from '../formats/header-types';
import { decodableReason, planarFloatToInt16, planarIntToInt16 } from '../formats/pcm-decode';
import { flacFrameAfter, flacStartPoint } from './flac-frame-search';
import { indexMp3InBackground, mp3StartPoint } from './mp3-seek';
import { OggSource } from './ogg-stream';
import {
  isOggCodec,
  isStreamCodec,
  oggDecoders,
  streamDecoders,
  type PacketDecoder,
  type PlacedAudio,
  type SharedDecoder,
  type StreamCodec,
  type StreamDecoder,
} from './stream-decoders';

/** Compressed bytes per read by default: small, so the first piece comes quickly. */
const READ_BYTES = 8192;
/**
 * FLAC bytes fed with no sample out after which the decoder is taken to have lost its way in
 * a damaged stretch (its parser can swallow the rest of the file): four uncompressed frames of
 * 16,384 samples (flac's largest usual block); the stream starts again at the next intact frame.
 */
const flacLostBytes = ({ channels, bitsPerSample }: AudioHeader) =>
  4 * 16384 * channels * Math.ceil(bitsPerSample / 8);

export interface PiecesOptions {
  /** File frames dropped before the first one given (default 0: from the top). */
  firstFrame?: number;
  /** Compressed bytes per read (default 8 KiB). */
  readBytes?: number;
  /** Told of each damaged stretch the decoder skipped (the file frame where it was; why). */
  onDamage?: (frame: number, detail: string) => void;
  /**
   * An MP3 played from its top has its frames indexed in the background meanwhile, so that a
   * seek in it finds its frame at once (the playback sets this; a waveform does not seek).
   */
  indexMp3?: boolean;
}

/** Interleaves planes[c][from .. from + frames) into `out` as 16-bit samples. */
export type PlanesToInt16 = (
  planes: readonly Float32Array[],
  from: number,
  frames: number,
  out: Int16Array,
) => void;

/**
 * A piece as the decoder gave it: one plane of samples per channel, of which frames
 * [from, end) are wanted, and the conversion next() applies to them. The conversion never
 * decreases (a larger sample never gives a smaller 16-bit one), so the 16-bit extremes of a
 * range are the converted extremes of its planes: peaks need not convert every sample.
 */
export interface PlanarPiece {
  planes: Float32Array[];
  from: number;
  end: number;
  toInt16: PlanesToInt16;
}

/**
 * Why this file cannot be decoded (played, or drawn as a waveform), or null: the compressed
 * codecs as their decoders allow, the rest as pcm-decode converts them.
 */
export function playbackReason(header: AudioHeader): string | null {
  if (!isStreamCodec(header.codec)) return decodableReason(header);
  if (header.codec !== 'flac') return null;
  if (header.bitsPerSample > FLAC_MAX_PLAYABLE_BITS) {
    return `${header.bitsPerSample}-bit FLAC is not supported`;
  }
  // libFLAC's WASM build decodes up to 8 channels.
  if (header.channels > 8) return `FLAC with ${header.channels} channels is not supported`;
  return null;
}

export class CompressedPieces {
  private decoder: StreamDecoder | null = null;
  /** Next byte of the file to read. */
  private fileAt: number;
  /** Frames the decoder gave so far, from the file's first. */
  private decodedFrames = 0;
  private ended = false;
  private released = false;
  private opened = false;
  private readonly buffer: Buffer;
  private readonly shared: SharedDecoder<StreamDecoder> | SharedDecoder<PacketDecoder>;
  /** Vorbis and Opus: pages and packets, with their own decoder (ogg-stream.ts). */
  private readonly ogg: OggSource | null = null;
  private readonly firstFrame: number;
  /** Where the file was read to when the decoder last gave samples (FLAC: to see it lost). */
  private lastOutputAt = 0;
  /** The sample the decoder's first output is (its own counts start at 0 on each reset). */
  private origin = 0;
  /** The last damaged frame told about: a run of them is told once. */
  private lastDamage = -Infinity;
  private readonly options: PiecesOptions;

  constructor(
    private readonly codec: StreamCodec,
    private readonly handle: FileHandle,
    private readonly header: AudioHeader,
    /** The file's name, for errors. */
    private readonly name: string,
    options: PiecesOptions = {},
  ) {
    this.firstFrame = options.firstFrame ?? 0;
    this.buffer = Buffer.allocUnsafeSlow(options.readBytes ?? READ_BYTES);
    this.fileAt = codec === 'flac' ? header.dataOffset : 0;
    this.lastOutputAt = this.fileAt;
    this.options = options;
    if (isOggCodec(codec)) {
      this.shared = oggDecoders[codec];
      this.ogg = new OggSource(codec, handle, header, name, this.firstFrame, () =>
        this.checkOwner(),
      );
    } else this.shared = streamDecoders[codec];
  }

  /**
   * The next piece: 16-bit interleaved samples of at least one frame; null after the last, when
   * the decoder has been released. Throws StreamStopped once another user took the decoder.
   */
  async next(): Promise<Int16Array | null> {
    const piece = await this.nextPlanar();
    if (!piece) return null;
    const { planes, from, end } = piece;
    const out = new Int16Array((end - from) * planes.length);
    piece.toInt16(planes, from, end - from, out);
    return out;
  }

  /** The next piece as decoded (at least one wanted frame), or null after the last. */
  async nextPlanar(): Promise<PlanarPiece | null> {
    if (!this.opened) await this.open();
    for (;;) {
      const placed = await this.decodeNext();
      if (!placed) {
        this.release();
        return null;
      }
      const piece = this.wanted(placed);
      if (piece) return piece;
    }
  }

  private async open(): Promise<void> {
    this.opened = true;
    const { codec } = this;
    if (isOggCodec(codec)) {
      await this.ogg!.open(await oggDecoders[codec].claim(this));
      return;
    }
    this.decoder = await streamDecoders[codec].claim(this);
    if (this.firstFrame > 0) await this.seek();
    else if (codec === 'mp3' && this.options.indexMp3) {
      indexMp3InBackground(this.handle, this.header);
    }
  }

  /** Lets the next user have the decoder (the next file played, the next peaks task). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.shared.release(this);
  }

  /** Starts near the first frame instead of at the top. */
  private async seek(): Promise<void> {
    const start =
      this.codec === 'flac'
        ? await flacStartPoint(this.handle, this.header, this.firstFrame)
        : await mp3StartPoint(this.handle, this.header, this.firstFrame);
    this.checkOwner();
    this.restartAt(start);
  }

  /** The decoder's next input is `start.offset` (from the first frame), its sample `start.sample`. */
  private restartAt(start: { offset: number; sample: number }): void {
    const base = this.codec === 'flac' ? this.header.dataOffset : 0;
    this.fileAt = base + start.offset;
    this.lastOutputAt = this.fileAt;
    this.decodedFrames = start.sample;
    this.origin = start.sample;
  }

  /**
   * Starts the decoder again at the first intact frame after the last one it gave, when there is
   * one; the samples between are lost, and the user is told where.
   */
  private async resyncFlac(): Promise<void> {
    const lostAt = this.decodedFrames;
    const from = Math.max(this.header.dataOffset, this.lastOutputAt - 2 * this.buffer.length);
    const next = await flacFrameAfter(this.handle, this.header, from, lostAt + 1);
    this.checkOwner();
    this.lastOutputAt = this.fileAt;
    if (!next) return;
    await this.decoder!.reset();
    this.checkOwner();
    this.damaged(lostAt, 'the FLAC decoder lost its frames; it goes on at the next intact one');
    this.restartAt(next);
  }

  private damaged(frame: number, detail: string): void {
    const at = Math.max(this.firstFrame, Math.min(frame, this.header.frames));
    // Within a second of the last one: the same damaged stretch.
    if (at - this.lastDamage < this.header.sampleRate) return;
    this.lastDamage = at;
    this.options.onDamage?.(at, detail);
  }

  /** What the next read decodes to, and where it sits; null at the end. */
  private async decodeNext(): Promise<PlacedAudio | null> {
    if (this.ended) return null;
    if (this.ogg) {
      const placed = await this.ogg.next();
      this.checkOwner();
      if (!placed) this.ended = true;
      else if (placed.damage) this.damaged(placed.frame, placed.damage);
      return placed;
    }
    if (this.codec === 'flac' && this.fileAt - this.lastOutputAt > flacLostBytes(this.header)) {
      await this.resyncFlac();
    }
    const { bytesRead } = await this.handle.read(this.buffer, 0, this.buffer.length, this.fileAt);
    this.checkOwner();
    this.fileAt += bytesRead;
    const decoder = this.decoder!;
    const audio =
      bytesRead > 0
        ? await decoder.decode(this.buffer.subarray(0, bytesRead))
        : await decoder.flush();
    this.checkOwner();
    if (bytesRead === 0) this.ended = true;
    if (audio.samplesDecoded > 0) this.lastOutputAt = this.fileAt;
    // A damaged frame is skipped by the decoder; the rest still decodes, and the user is told.
    const damage = audio.errors?.[0];
    if (damage) this.damaged(this.origin + damage.outputSamples, damage.message);
    const frame = this.decodedFrames;
    this.decodedFrames += audio.samplesDecoded;
    return { audio, frame };
  }

  /** Another user took the decoder: this one was stopped and must not feed it. */
  private checkOwner(): void {
    if (this.released || !this.shared.holds(this)) throw new StreamStopped();
  }

  /** The wanted part of a piece, or null when none of it is. */
  private wanted({ audio, frame }: PlacedAudio): PlanarPiece | null {
    const n = audio.samplesDecoded;
    // Frames before the start position are dropped; past the header's length too, when known.
    const from = Math.max(0, this.firstFrame - frame);
    const end =
      this.header.lengthEstimated || this.header.frames === 0
        ? n
        : Math.min(n, this.header.frames - frame);
    if (end <= from) return null;
    const channels = this.header.channels;
    // mpg123 always gives two channels (a mono MP3 twice): the header's count is taken.
    if (audio.channelData.length < channels) {
      throw new Error(
        `${this.name}: a frame decodes to ${audio.channelData.length} channels, the header says ${channels}`,
      );
    }
    const planes = audio.channelData.slice(0, channels);
    if (this.codec !== 'flac') return { planes, from, end, toInt16: planarFloatToInt16 };
    const bits = audio.bitDepth || this.header.bitsPerSample;
    const toInt16: PlanesToInt16 = (p, f, count, out) => planarIntToInt16(p, bits, f, count, out);
    return { planes, from, end, toInt16 };
  }
}

/** Thrown into a read that outlived its user (a stopped playback); nobody is told about it. */
export class StreamStopped extends Error {
  constructor() {
    super('the playback was stopped');
  }
}
