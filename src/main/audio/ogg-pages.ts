/**
 * Ogg paging for playback: the pages of one logical stream read forward from a byte offset a
 * buffer at a time, their packets put back together across page boundaries, and the page to
 * start from for a granule position found by bisection over the file (a few reads, whatever
 * its length), as Ogg's own seeking does. Page headers and CRCs are those of formats/ogg.ts.
 */
import type { FileHandle } from 'node:fs/promises';
import { crcProblem, pageAt, type Page } from '../formats/ogg';

/** The largest possible page: a 27-byte header, 255 lacing values, 255 × 255 bytes of body. */
const MAX_PAGE_BYTES = 27 + 255 + 255 * 255;
const READ_BYTES = 2 * MAX_PAGE_BYTES;
/** Below this span the bisection reads the pages one after another. */
const LINEAR_BYTES = READ_BYTES;

export interface OggPageData extends Page {
  /** The packets that end on this page (a packet begun on an earlier page included). */
  packets: Uint8Array[];
  /** The last page of the stream. */
  eos: boolean;
}

/** Pages of the stream `serial`, from `at` on, with their packets; null after the last. */
export class OggPageReader {
  private readonly buffer = Buffer.allocUnsafeSlow(READ_BYTES);
  /** File offset of buffer[0], and how many bytes of it are valid. */
  private bufferAt: number;
  private bufferLength = 0;
  /** The last read reached the end of the file. */
  private atEnd = false;
  private next: number;
  private partial: Uint8Array[] | null = null;
  private done = false;
  /** Damaged stretches skipped so far (each one loses the packets it held). */
  damaged = 0;
  private resyncing = false;

  constructor(
    private readonly handle: FileHandle,
    at: number,
    private readonly serial: number,
  ) {
    this.next = at;
    this.bufferAt = at;
  }

  async page(): Promise<OggPageData | null> {
    while (!this.done) {
      const page = await this.pageHere();
      if (page === null) return null;
      if (page.serial !== this.serial) continue;
      const eos = (page.headerType & 0x04) !== 0;
      if (eos) this.done = true;
      const packets = this.packetsOf(page);
      // Offsets in the file, not in the buffer.
      const at = this.bufferAt + page.at;
      return { ...page, at, bodyAt: this.bufferAt + page.bodyAt, packets, eos };
    }
    return null;
  }

  /** The page at the read position, read into the buffer whole; null at the file's end. */
  private async pageHere(): Promise<Page | null> {
    for (;;) {
      let offset = this.next - this.bufferAt;
      const outside = offset < 0 || offset > this.bufferLength;
      if (outside || (offset + MAX_PAGE_BYTES > this.bufferLength && !this.atEnd)) {
        await this.fill();
        offset = 0;
      }
      if (this.bufferLength - offset < 27) return null;
      const page = pageAt(this.buffer, offset, this.bufferLength);
      if (typeof page !== 'string' && page.at + page.length <= this.bufferLength) {
        if (!crcProblem(this.buffer, page)) {
          this.resyncing = false;
          this.next = this.bufferAt + page.at + page.length;
          return page;
        }
      }
      // Not a whole, sound page: look for the next capture pattern (a damaged page is skipped,
      // and the packet it was part of with it).
      if (!this.resyncing) this.damaged += 1;
      this.resyncing = true;
      this.partial = null;
      const found = this.buffer.indexOf('OggS', offset + 1);
      if (found < 0 || found >= this.bufferLength) {
        if (this.atEnd) return null;
        this.next = this.bufferAt + this.bufferLength - 3;
      } else this.next = this.bufferAt + found;
    }
  }

  private async fill(): Promise<void> {
    this.bufferAt = this.next;
    const { bytesRead } = await this.handle.read(this.buffer, 0, READ_BYTES, this.bufferAt);
    this.bufferLength = bytesRead;
    this.atEnd = bytesRead < READ_BYTES;
  }

  private packetsOf(page: Page): Uint8Array[] {
    const packets: Uint8Array[] = [];
    const continued = (page.headerType & 0x01) !== 0;
    // A continuation with nothing to continue (the start, a damaged page before): dropped.
    let skipping = continued && this.partial === null;
    if (!continued) this.partial = null;
    let at = page.bodyAt;
    let from = at;
    for (let s = 0; s < page.segments; s++) {
      const lace = this.buffer[page.at + 27 + s]!;
      at += lace;
      if (lace === 255) continue;
      if (!skipping) {
        const piece = this.buffer.subarray(from, at);
        const parts = this.partial ? [...this.partial, piece] : [piece];
        packets.push(join(parts));
      }
      this.partial = null;
      skipping = false;
      from = at;
    }
    if (from < at && !skipping) {
      // Copied: the buffer is reused for the next pages.
      this.partial = [...(this.partial ?? []), this.buffer.slice(from, at)];
    }
    return packets;
  }
}

/** The stream's first `count` packets (its headers) and where the page after them starts. */
export async function readHeaderPackets(
  handle: FileHandle,
  serial: number,
  count: number,
): Promise<Uint8Array[]> {
  const reader = new OggPageReader(handle, 0, serial);
  const packets: Uint8Array[] = [];
  while (packets.length < count) {
    const page = await reader.page();
    if (!page) break;
    packets.push(...page.packets);
  }
  return packets.slice(0, count);
}

export interface StartPage {
  at: number;
  granule: number;
}

/**
 * The last page of the stream whose granule position is at most `goal`, found by bisection
 * between the first audio page and the end of the file; null when none is (start at the top).
 */
export async function findPageBefore(
  handle: FileHandle,
  serial: number,
  dataOffset: number,
  fileSize: number,
  goal: number,
): Promise<StartPage | null> {
  let best: StartPage | null = null;
  let lo = dataOffset;
  let hi = fileSize;
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  while (hi - lo > LINEAR_BYTES) {
    const mid = Math.floor((lo + hi) / 2);
    const page = await granulePageAfter(handle, buffer, serial, mid);
    if (!page || page.granule > goal) hi = mid;
    else {
      best = { at: page.at, granule: page.granule };
      lo = page.at + page.length;
    }
  }
  // Pages start at `lo` (a page boundary); the rest are read one after another.
  const reader = new OggPageReader(handle, lo, serial);
  for (let page = await reader.page(); page; page = await reader.page()) {
    if (page.granule < 0) continue;
    if (page.granule > goal) break;
    best = { at: page.at, granule: page.granule };
  }
  return best;
}

/** The first sound page of the stream after `from` that has a granule position, or null. */
async function granulePageAfter(
  handle: FileHandle,
  buffer: Buffer,
  serial: number,
  from: number,
): Promise<(StartPage & { length: number }) | null> {
  const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, from);
  for (let at = buffer.indexOf('OggS', 0); at >= 0 && at < bytesRead;) {
    const page = pageAt(buffer, at, bytesRead);
    if (typeof page === 'string' || page.at + page.length > bytesRead) return null;
    if (!crcProblem(buffer, page)) {
      if (page.serial === serial && page.granule >= 0) {
        return { at: from + at, granule: page.granule, length: page.length };
      }
      at += page.length;
    } else at = buffer.indexOf('OggS', at + 1);
  }
  return null;
}

function join(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!.slice();
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
