/**
 * A compressed file (FLAC, MP3, Ogg Vorbis, Opus) decoded as it plays: pieces from CompressedPieces (which reads
 * the file a few KiB at a time through the shared decoder) are queued and handed out a chunk
 * of device PCM (16-bit interleaved) at a time. Only the samples not yet handed out are held,
 * never the file. Where a start position begins and how the length is cut: compressed-pieces.ts.
 */
import type { FileHandle } from 'node:fs/promises';
import type { AudioHeader } from '../formats/header-types';
import { CompressedPieces, type PiecesOptions } from './compressed-pieces';
import type { StreamCodec } from './stream-decoders';

export class DecodedStream {
  private readonly pieces: CompressedPieces;
  private readonly queue: Int16Array[] = [];
  private queuedFrames = 0;
  private ended = false;

  constructor(
    codec: StreamCodec,
    handle: FileHandle,
    private readonly header: AudioHeader,
    name: string,
    /** File frames dropped before the first one handed out. */
    firstFrame: number,
    onDamage?: PiecesOptions['onDamage'],
  ) {
    this.pieces = new CompressedPieces(codec, handle, header, name, {
      firstFrame,
      onDamage,
      indexMp3: true,
    });
  }

  /** Up to `frames` frames of 16-bit interleaved PCM; fewer only at the end, null after it. */
  async read(frames: number): Promise<Int16Array | null> {
    while (this.queuedFrames < frames && !this.ended) {
      const piece = await this.pieces.next();
      if (piece) {
        this.queue.push(piece);
        this.queuedFrames += piece.length / this.header.channels;
      } else this.ended = true;
    }
    if (this.queuedFrames === 0) return null;
    return this.take(Math.min(frames, this.queuedFrames));
  }

  /** Lets the next playback have the decoder. */
  release(): void {
    this.pieces.release();
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
