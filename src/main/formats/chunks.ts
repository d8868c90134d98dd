/**
 * Walks the chunks of a RIFF or IFF file (WAV and AIFF share the layout: a four-character id,
 * a 32-bit size, the body, a pad byte to an even length) and words the reasons about them.
 */

import { MAX_HEADER_BYTES, fail, type HeaderParse, type Input } from './header-types';
import { fourCC, humanBytes, printable } from './byte-text';

/** Asked for on top of a chunk that does not fit, so one more read usually suffices. */
const NEED_MORE_SLACK = 4096;

export interface Chunk {
  kind: 'chunk';
  id: string;
  at: number;
  body: number;
  size: number;
  /** First byte after the chunk, including its pad byte. */
  next: number;
}

/** What the walker finds at a position. */
export type ChunkStep =
  | Chunk
  /** Stop walking: the data chunk is known and what follows is not in the prefix or not sane. */
  | { kind: 'end' }
  /** The file ended before the data chunk. */
  | { kind: 'missing' }
  /** The header cannot be read on: return this need-more or error as it is. */
  | { kind: 'stop'; result: HeaderParse };

const END: ChunkStep = { kind: 'end' };
const MISSING: ChunkStep = { kind: 'missing' };

function stop(result: HeaderParse): ChunkStep {
  return { kind: 'stop', result };
}

/** The chunk at `pos`, or why there is none. */
export function nextChunk(input: Input, pos: number, dataFound: boolean): ChunkStep {
  const { fileSize, len, bytes } = input;
  if (pos + 8 > fileSize) {
    if (dataFound) return END;
    if (pos < fileSize) {
      return stop(fail(`truncated header: file ends at byte ${fileSize} inside a chunk header`));
    }
    return MISSING;
  }
  if (pos + 8 > len) {
    if (dataFound) return END;
    const need = needMore(input, pos + 8, `the chunk header at byte ${pos}`);
    return need ? stop(need) : END;
  }
  for (let i = pos; i < pos + 4; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x20 || b > 0x7e) {
      if (dataFound) return END;
      return stop(fail(`corrupt chunk header at byte ${pos}: id "${printable(bytes, pos, 4)}"`));
    }
  }
  const size = input.view.getUint32(pos + 4, input.le);
  const body = pos + 8;
  return {
    kind: 'chunk',
    id: fourCC(bytes, pos, len),
    at: pos,
    body,
    size,
    next: body + size + (size % 2),
  };
}

/** need-more for bytes before the audio data that the prefix lacks; undefined if it has them. */
export function needMore(input: Input, required: number, what: string): HeaderParse | undefined {
  if (required <= input.len) return undefined;
  if (required > MAX_HEADER_BYTES) {
    return fail(
      `header too long: ${what} comes before the audio data; ` +
        `only the first ${humanBytes(MAX_HEADER_BYTES)} are read`,
    );
  }
  return {
    kind: 'need-more',
    bytes: Math.min(input.fileSize, MAX_HEADER_BYTES, required + NEED_MORE_SLACK),
  };
}

export function describeChunk(chunk: Chunk): string {
  return `chunk "${chunk.id}" at byte ${chunk.at} (${humanBytes(chunk.size)})`;
}

export function chunkPastEnd(chunk: Chunk, fileSize: number): string {
  const said = humanBytes(chunk.size);
  const exact = said === humanBytes(fileSize) || chunk.size <= fileSize;
  return (
    `chunk "${chunk.id}" at byte ${chunk.at} says ${said}, past the end of the file (${humanBytes(fileSize)})` +
    (exact
      ? ` (it would end at byte ${chunk.body + chunk.size}, the file has ${fileSize} bytes)`
      : '')
  );
}

export function dataPastEnd(id: string, body: number, size: number, fileSize: number): string {
  const said = humanBytes(size);
  const exact = said === humanBytes(fileSize) || size <= fileSize;
  return (
    `${id} chunk says ${said} but the file ends after ${humanBytes(fileSize)}` +
    (exact ? ` (it would end at byte ${body + size}, the file has ${fileSize} bytes)` : '')
  );
}
