/**
 * Waveform peaks of a compressed file (FLAC, MP3: every codec CompressedPieces decodes), in a
 * worker thread: the file is decoded a piece at a time with this thread's own decoder (made on
 * its first file, reset between files) and each piece folded by the same BucketFolder as a
 * WAV's, so a FLAC's peaks are its WAV's exactly.
 *
 * The buckets divide the header's length: for an MP3 whose length is an estimate that is the
 * duration the list and the player show, so the waveform lines up with the player's position;
 * what decodes past it joins the last bucket, and when less decodes the last buckets stay empty.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AudioHeader } from '../formats/header-types';
import { fsPath } from '../platform/fs-path';
import { CompressedPieces, playbackReason } from '../audio/compressed-pieces';
import type { StreamCodec } from '../audio/stream-decoders';
import {
  BucketFolder,
  checkBuckets,
  foldMemory,
  type PeaksOptions,
  type PeaksResult,
} from './peaks';

/** Compressed bytes per read: larger than playback's, as fewer calls into WASM decode faster. */
const READ_BYTES = 64 * 1024;
/** Frames folded at a time (the fold memory's room for them). */
const FOLD_FRAMES = 16384;

export interface ReadHeader {
  sizeBytes: number;
  mtimeMs: number;
  header: AudioHeader & { codec: StreamCodec };
}

/**
 * Peaks of the compressed file at `path` in `buckets` buckets, as computePeaksSync gives a
 * WAV's. Throws fs errors as they come, and an Error with the reason for a file that cannot be
 * decoded.
 */
export async function computeCompressedPeaks(
  path: string,
  { sizeBytes, mtimeMs, header }: ReadHeader,
  buckets: number,
  options: PeaksOptions = {},
): Promise<PeaksResult> {
  checkBuckets(buckets);
  const reason = playbackReason(header);
  if (reason !== null) throw new Error(reason);
  const { channels } = header;
  const folder = new BucketFolder(
    header.frames,
    buckets,
    channels,
    foldMemory(options.simd ?? true),
  );
  // In the fold memory, where the SIMD min/max reads them.
  const room = folder.memory.layout(FOLD_FRAMES * channels, 0, 0).samples;
  const handle = await open(fsPath(path), 'r');
  const pieces = new CompressedPieces(header.codec, handle, header, basename(path), {
    readBytes: READ_BYTES,
  });
  try {
    for (let piece = await pieces.next(); piece; piece = await pieces.next()) {
      for (let at = 0; at < piece.length; at += room.length) {
        const part = piece.subarray(at, at + room.length);
        room.set(part);
        folder.add(room, part.length / channels);
      }
    }
  } finally {
    pieces.release();
    await handle.close();
  }
  return { sizeBytes, mtimeMs, durationSec: header.durationSec, buckets, peaks: folder.finish() };
}
