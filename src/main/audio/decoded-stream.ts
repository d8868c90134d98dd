/**
 * A compressed file (FLAC, MP3) decoded as it plays: the file is read a few KiB at a time, fed
 * to the shared decoder, and what comes out is turned into device PCM (16-bit interleaved) and
 * handed out a chunk at a time. Only the bytes of one read and the samples not yet handed out
 * are held, never the file. FLAC is read from its first frame; MP3 from the file's first byte,
 * so mpg123 sees the ID3v2 tag and the LAME tag (the encoder delay and padding it drops).
 *
 * A FLAC start position begins at the SEEKTABLE's last point before it (flac writes one every
 * 10 s), else at the top; the frames before the position are decoded and dropped (exact to the
 * sample). An MP3 decodes from the top (about 1 s of decoding per 6 min of audio).
 */
import type { FileHandle } from 'node:fs/promises';
import type { AudioHeader } from '../formats/header-types';
import { planarFloatToInt16, planarIntToInt16 } from '../formats/pcm-decode';
import {
  isOggCodec,
  oggDecoders,
  streamDecoders,
  type DecodedAudio,
  type PacketDecoder,
  type SharedDecoder,
  type StreamCodec,
  type StreamDecoder,
} from './stream-decoders';
import { flacSeekPoint } from './flac-seek-table';
import { OggSource } from './ogg-stream';

/** Compressed bytes per read: at most ~13 MB of samples even for a file of constant frames. */
const READ_BYTES = 8192;

export class DecodedStream {
  private decoder: StreamDecoder | null = null;
  private readonly queue: Int16Array[] = [];
  private queuedFrames = 0;
  /** Next byte of the file to read. */
  private fileAt: number;
  /** Frames the decoder gave so far, from the file's first. */
  private decodedFrames = 0;
  private ended = false;
  private released = false;
  private opened = false;
  private readonly buffer = Buffer.allocUnsafeSlow(READ_BYTES);
  private readonly shared: SharedDecoder<StreamDecoder> | SharedDecoder<PacketDecoder>;
  /** Vorbis and Opus: pages and packets, with their own decoder (ogg-stream.ts). */
  private readonly ogg: OggSource | null = null;

  constructor(
    private readonly codec: StreamCodec,
    private readonly handle: FileHandle,
    private readonly header: AudioHeader,
    private readonly name: string,
    /** File frames dropped before the first one handed out. */
    private readonly firstFrame: number,
  ) {
    this.fileAt = codec === 'flac' ? header.dataOffset : 0;
    if (isOggCodec(codec)) {
      this.shared = oggDecoders[codec];
      this.ogg = new OggSource(codec, handle, header, name, firstFrame, () => this.checkOwner());
    } else this.shared = streamDecoders[codec];
  }

  /** Up to `frames` frames of 16-bit interleaved PCM; fewer only at the end, null after it. */
  async read(frames: number): Promise<Int16Array | null> {
    if (this.ogg) return this.readOgg(this.ogg, frames);
    if (!this.decoder) {
      this.decoder = await streamDecoders[this.codec as 'flac' | 'mp3'].claim(this);
      if (this.codec === 'flac' && this.firstFrame > 0) await this.seekFlac();
    }
    while (this.queuedFrames < frames && !this.ended) await this.decodeMore();
    if (this.queuedFrames === 0) {
      this.release();
      return null;
    }
    return this.take(Math.min(frames, this.queuedFrames));
  }

  private async readOgg(ogg: OggSource, frames: number): Promise<Int16Array | null> {
    if (!this.opened) {
      this.opened = true;
      await ogg.open(await oggDecoders[this.codec as 'vorbis' | 'opus'].claim(this));
    }
    while (this.queuedFrames < frames && !this.ended) {
      const placed = await ogg.next();
      this.checkOwner();
      if (!placed) this.ended = true;
      else {
        this.decodedFrames = placed.frame;
        this.accept(placed.audio);
      }
    }
    if (this.queuedFrames === 0) {
      this.release();
      return null;
    }
    return this.take(Math.min(frames, this.queuedFrames));
  }

  /** Starts at the SEEKTABLE's last point before the first frame, when the file has one. */
  private async seekFlac(): Promise<void> {
    const point = await flacSeekPoint(this.handle, this.header.dataOffset, this.firstFrame);
    this.checkOwner();
    if (!point) return;
    this.fileAt = this.header.dataOffset + point.offset;
    this.decodedFrames = point.sample;
  }

  /** Lets the next playback have the decoder. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.shared.release(this);
  }

  private async decodeMore(): Promise<void> {
    const { bytesRead } = await this.handle.read(this.buffer, 0, READ_BYTES, this.fileAt);
    this.checkOwner();
    this.fileAt += bytesRead;
    const decoder = this.decoder!;
    const decoded =
      bytesRead > 0
        ? await decoder.decode(this.buffer.subarray(0, bytesRead))
        : await decoder.flush();
    this.checkOwner();
    if (bytesRead === 0) this.ended = true;
    this.accept(decoded);
  }

  /** Another playback took the decoder: this one was stopped and must not feed it. */
  private checkOwner(): void {
    if (this.released || !this.shared.holds(this)) throw new StreamStopped();
  }

  private accept(decoded: DecodedAudio): void {
    // A damaged frame is skipped by the decoder (it says so on stderr); the rest still plays.
    const n = decoded.samplesDecoded;
    const start = this.decodedFrames;
    this.decodedFrames += n;
    // Frames before the start position are dropped; past the header's length too, when known.
    const from = Math.max(0, this.firstFrame - start);
    const end =
      this.header.lengthEstimated || this.header.frames === 0
        ? n
        : Math.min(n, this.header.frames - start);
    if (end <= from) return;
    const channels = this.header.channels;
    // mpg123 always gives two channels (a mono MP3 twice): the header's count is taken.
    if (decoded.channelData.length < channels) {
      throw new Error(
        `${this.name}: a frame decodes to ${decoded.channelData.length} channels, the header says ${channels}`,
      );
    }
    const planes = decoded.channelData.slice(0, channels);
    const out = new Int16Array((end - from) * channels);
    if (this.codec === 'flac') {
      const bits = decoded.bitDepth || this.header.bitsPerSample;
      planarIntToInt16(planes, bits, from, end - from, out);
    } else planarFloatToInt16(planes, from, end - from, out);
    this.queue.push(out);
    this.queuedFrames += end - from;
  }

  private take(frames: number): Int16Array {
    const channels = this.header.channels;
    const first = this.queue[0]!;
    if (first.length === frames * channels) {
      this.queue.shift();
      this.queuedFrames -= frames;
      return first;
    }
    const out = new Int16Array(frames * channels);
    let filled = 0;
    while (filled < out.length) {
      const head = this.queue[0]!;
      const n = Math.min(head.length, out.length - filled);
      out.set(head.subarray(0, n), filled);
      filled += n;
      if (n === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(n);
    }
    this.queuedFrames -= frames;
    return out;
  }
}

/** Thrown into a read that outlived its playback; nobody is told about it. */
export class StreamStopped extends Error {
  constructor() {
    super('the playback was stopped');
  }
}
