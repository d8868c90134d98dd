/**
 * A compressed file (FLAC, MP3) decoded as it plays: the file is read a few KiB at a time, fed
 * to the shared decoder, and what comes out is turned into device PCM (16-bit interleaved) and
 * handed out a chunk at a time. Only the bytes of one read and the samples not yet handed out
 * are held, never the file. FLAC is read from its first frame; MP3 from the file's first byte,
 * so mpg123 sees the ID3v2 tag and the LAME tag (the encoder delay and padding it drops).
 *
 * A FLAC start position begins at the SEEKTABLE's last point before it (flac writes one every
 * 10 s) or at a frame found by bisection (flac-frame-search.ts); the frames before the position
 * are decoded and dropped (exact to the sample). An MP3 starts a few frames before the position
 * (mp3-seek.ts), its samples counted as the gapless decode from the top counts them.
 */
import type { FileHandle } from 'node:fs/promises';
import type { AudioHeader } from '../formats/header-types';
import { planarFloatToInt16, planarIntToInt16 } from '../formats/pcm-decode';
import {
  streamDecoders,
  type DecodedAudio,
  type StreamCodec,
  type StreamDecoder,
} from './stream-decoders';
import { flacFrameAfter, flacStartPoint } from './flac-frame-search';
import { indexMp3InBackground, mp3StartPoint } from './mp3-seek';

/** Compressed bytes per read: at most ~13 MB of samples even for a file of constant frames. */
const READ_BYTES = 8192;
/**
 * FLAC bytes fed with no sample out after which the decoder is taken to have lost its way in
 * a damaged stretch (its parser can swallow the rest of the file): four uncompressed frames of
 * 16,384 samples (flac's largest usual block); the stream starts again at the next intact frame.
 */
const flacLostBytes = ({ channels, bitsPerSample }: AudioHeader) =>
  4 * 16384 * channels * Math.ceil(bitsPerSample / 8);

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
  private indexing = false;
  /** Where the file was read to when the decoder last gave samples (FLAC: to see it lost). */
  private lastOutputAt = 0;
  /** The sample the decoder's first output is (its own counts start at 0 on each reset). */
  private origin = 0;
  /** The last damaged frame told about: a run of them is told once. */
  private lastDamage = -Infinity;
  /** Told of each frame the decoder skipped as damaged (the sample where it was; why). */
  onDamage: ((frame: number, detail: string) => void) | null = null;
  private readonly buffer = Buffer.allocUnsafeSlow(READ_BYTES);
  private readonly shared;

  constructor(
    private readonly codec: StreamCodec,
    private readonly handle: FileHandle,
    private readonly header: AudioHeader,
    private readonly name: string,
    /** File frames dropped before the first one handed out. */
    private readonly firstFrame: number,
  ) {
    this.shared = streamDecoders[codec];
    this.fileAt = codec === 'flac' ? header.dataOffset : 0;
    this.lastOutputAt = this.fileAt;
  }

  /** Up to `frames` frames of 16-bit interleaved PCM; fewer only at the end, null after it. */
  async read(frames: number): Promise<Int16Array | null> {
    if (!this.decoder) {
      this.decoder = await this.shared.claim(this);
      if (this.firstFrame > 0) await this.seek();
    }
    while (this.queuedFrames < frames && !this.ended) await this.decodeMore();
    // Played from the top: the frames are indexed meanwhile, so a seek finds its frame at once.
    if (this.codec === 'mp3' && this.firstFrame === 0 && !this.indexing) {
      this.indexing = true;
      indexMp3InBackground(this.handle, this.header);
    }
    if (this.queuedFrames === 0) {
      this.release();
      return null;
    }
    return this.take(Math.min(frames, this.queuedFrames));
  }

  /** Starts near the first frame instead of at the top. */
  private async seek(): Promise<void> {
    const start =
      this.codec === 'flac'
        ? await flacStartPoint(this.handle, this.header, this.firstFrame)
        : await mp3StartPoint(this.handle, this.header, this.firstFrame);
    this.checkOwner();
    const base = this.codec === 'flac' ? this.header.dataOffset : 0;
    this.fileAt = base + start.offset;
    this.lastOutputAt = this.fileAt;
    this.decodedFrames = start.sample;
    this.origin = start.sample;
  }

  /** Lets the next playback have the decoder. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.shared.release(this);
  }

  private async decodeMore(): Promise<void> {
    if (this.codec === 'flac' && this.fileAt - this.lastOutputAt > flacLostBytes(this.header)) {
      await this.resyncFlac();
    }
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
    if (decoded.samplesDecoded > 0) this.lastOutputAt = this.fileAt;
    this.accept(decoded);
  }

  /**
   * Starts the decoder again at the first intact frame after the last one it gave, when there is
   * one; the samples between are lost, and the user is told where.
   */
  private async resyncFlac(): Promise<void> {
    const lostAt = this.decodedFrames;
    const from = Math.max(this.header.dataOffset, this.lastOutputAt - 2 * READ_BYTES);
    const next = await flacFrameAfter(this.handle, this.header, from, lostAt + 1);
    this.checkOwner();
    this.lastOutputAt = this.fileAt;
    if (!next) return;
    await this.decoder!.reset();
    this.checkOwner();
    this.damaged(lostAt, 'the FLAC decoder lost its frames; it goes on at the next intact one');
    this.fileAt = this.header.dataOffset + next.offset;
    this.lastOutputAt = this.fileAt;
    this.decodedFrames = next.sample;
    this.origin = next.sample;
  }

  /** Another playback took the decoder: this one was stopped and must not feed it. */
  private checkOwner(): void {
    if (this.released || !this.shared.holds(this)) throw new StreamStopped();
  }

  private accept(decoded: DecodedAudio): void {
    // A damaged frame is skipped by the decoder; the rest still plays, and the user is told.
    const damage = decoded.errors?.[0];
    if (damage) this.damaged(this.origin + damage.outputSamples, damage.message);
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

  private damaged(frame: number, detail: string): void {
    const at = Math.max(this.firstFrame, Math.min(frame, this.header.frames));
    // Within a second of the last one: the same damaged stretch.
    if (at - this.lastDamage < this.header.sampleRate) return;
    this.lastDamage = at;
    this.onDamage?.(at, detail);
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
