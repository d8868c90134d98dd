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
import { CompressedPieces, playbackReason, type PlanarPiece } from '../audio/compressed-pieces';
import type { StreamCodec } from '../audio/stream-decoders';
import { BucketFolder, checkBuckets, foldMemory, type FrameFold, type PeaksResult } from './peaks';

/** Compressed bytes per read: larger than playback's, as fewer calls into WASM decode faster. */
const READ_BYTES = 64 * 1024;

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
): Promise<PeaksResult> {
  checkBuckets(buckets);
  const reason = playbackReason(header);
  if (reason !== null) throw new Error(reason);
  const folder = new BucketFolder(header.frames, buckets, header.channels, foldMemory(true));
  const handle = await open(fsPath(path), 'r');
  const pieces = new CompressedPieces(header.codec, handle, header, basename(path), {
    readBytes: READ_BYTES,
  });
  try {
    for (let piece = await pieces.nextPlanar(); piece; piece = await pieces.nextPlanar()) {
      folder.addWith(piece.end - piece.from, planarFold(piece));
    }
  } finally {
    pieces.release();
    await handle.close();
  }
  return { sizeBytes, mtimeMs, durationSec: header.durationSec, buckets, peaks: folder.finish() };
}

const extremes = new Float32Array(2);
const extremes16 = new Int16Array(2);

/**
 * The min/max of a piece's planes, converted to 16 bits only at the extremes: the same result
 * as converting every sample (the conversion never decreases), for a fraction of the work.
 * The decoders give no NaN (which a comparison would skip and the conversion make 0).
 */
function planarFold({ planes, from, toInt16 }: PlanarPiece): FrameFold {
  return (start, end, range) => {
    for (const plane of planes) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = from + start; i < from + end; i++) {
        const v = plane[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      extremes[0] = lo;
      extremes[1] = hi;
      toInt16([extremes], 0, 2, extremes16);
      if (extremes16[0]! < range.lo) range.lo = extremes16[0]!;
      if (extremes16[1]! > range.hi) range.hi = extremes16[1]!;
    }
  };
}
