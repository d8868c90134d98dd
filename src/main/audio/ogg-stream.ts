/**
 * An Ogg Vorbis or Opus file decoded as it plays, from its top or from a frame inside it:
 * pages read forward (ogg-pages.ts), their packets decoded a page at a time, and each piece of
 * output placed at its file frame, so that DecodedStream drops what is before the start and
 * after the end (the header's exact length: Opus's pre-skip and the last granule's trim).
 *
 * Where the output sits: a page's granule position is the stream position at the end of the
 * last packet that ends on it. Decoding from the first packet that begins on a page, the output
 * of the packets ending on the first page with a granule G, C frames in all, ends at G: it
 * began at G - C. This holds for both codecs (Vorbis's first packet gives nothing, Opus's all
 * its frames) and is the rule Ogg's own seeking uses. Only the stream's last page breaks it (its
 * granule may cut the output short): from the top the stream then starts at 0 (RFC 7845 §4.5);
 * a start position always begins on an earlier page (the last one's granule is past it).
 *
 * A start position: the last page with a granule at least PREROLL before the position is found
 * by bisection, the decoder is reset and fed from there (Opus: from the first packet that ends
 * after that point, its packets' lengths being in their TOC bytes); the frames before the
 * position are decoded and dropped.
 */
import type { FileHandle } from 'node:fs/promises';
import type { AudioHeader } from '../formats/header-types';
import { findPageBefore, OggPageReader, readHeaderPackets } from './ogg-pages';
import type { DecodedAudio, OggCodec, PacketDecoder, PlacedAudio } from './stream-decoders';

/**
 * Granule units decoded before a start position. Vorbis: half its longest block, which its
 * first packet only primes. Opus: RFC 7845 asks for 80 ms, after which a sweep still differed
 * from opusdec's decode from the top by up to 2,900 LSB (and 50 after 160 ms); from 320 ms on
 * it agrees to within the decoders' rounding (3 LSB), for 2-3 ms more decoding.
 */
const PREROLL = { vorbis: 4096, opus: 15_360 } as const;
/** Longest stretch of a damaged file filled with silence (longer: a position that is wrong). */
const MAX_GAP = 48_000 * 60;

export class OggSource {
  private reader: OggPageReader | null = null;
  private decoder: PacketDecoder | null = null;
  /** Frames before the file's first: Opus's pre-skip. */
  private preSkip = 0;
  /** Opus output gain, as a factor. */
  private gain = 1;
  private serial = 0;
  private fromTop = true;
  /** Next granule position of the output, once known. */
  private position: number | null = null;
  /** Output decoded before its position was known. */
  private unplaced: DecodedAudio[] = [];
  private readonly ready: PlacedAudio[] = [];
  private ended = false;
  private fileSize = 0;
  /** Where the output stopped before a damaged page, until it is placed again. */
  private gapFrom: number | null = null;
  /** Opus: the granule before which the start page's packets are skipped. */
  private skipBefore: number | null = null;

  constructor(
    private readonly codec: OggCodec,
    private readonly handle: FileHandle,
    private readonly header: AudioHeader,
    private readonly name: string,
    /** The frame to start at. */
    private readonly firstFrame: number,
    /** Throws when another playback took the decoder: called after every wait, before using it. */
    private readonly checkOwner: () => void,
  ) {}

  /** Sets the (fresh) decoder up for this file and finds where to start reading. */
  async open(decoder: PacketDecoder): Promise<void> {
    const fileSize = this.header.dataOffset + this.header.dataBytes;
    this.decoder = decoder;
    const first = Buffer.alloc(27);
    await this.handle.read(first, 0, 27, 0);
    this.serial = first.readUInt32LE(14);
    const headers = await readHeaderPackets(
      this.handle,
      this.serial,
      this.codec === 'opus' ? 2 : 3,
    );
    const head = headers[0];
    if (!head || headers.length < (this.codec === 'opus' ? 2 : 3)) {
      throw new Error(`${this.name}: the ${this.header.codecLabel} header packets are incomplete`);
    }
    if (this.codec === 'opus') {
      this.preSkip = head[10]! | (head[11]! << 8);
      const gainDb = ((head[16]! | (head[17]! << 8)) << 16) >> 16;
      this.gain = 10 ** (gainDb / 256 / 20);
    }
    this.fileSize = fileSize;
    this.checkOwner();
    await decoder.begin(headers);
    await this.startAt(this.firstFrame + this.preSkip - PREROLL[this.codec]);
  }

  /** The next piece of output, placed; null after the last. */
  async next(): Promise<PlacedAudio | null> {
    while (this.ready.length === 0 && !this.ended) await this.decodePage();
    return this.ready.shift() ?? null;
  }

  /** Reads from the last page with a granule at or before `goal`, or from the top. */
  private async startAt(goal: number): Promise<void> {
    const { handle, serial, header } = this;
    const page =
      goal > 0
        ? await findPageBefore(handle, serial, header.dataOffset, this.fileSize, goal)
        : null;
    this.fromTop = page === null;
    // Opus packets say how long they are: those over before the preroll need no decoding.
    this.skipBefore = page && this.codec === 'opus' ? goal : null;
    this.reader = new OggPageReader(handle, page?.at ?? header.dataOffset, serial);
    this.position = null;
    this.unplaced = [];
  }

  private async decodePage(): Promise<void> {
    const damaged = this.reader!.damaged;
    const page = await this.reader!.page();
    this.checkOwner();
    if (this.reader!.damaged !== damaged && this.position !== null) {
      // Packets were lost with a damaged page: where the output goes on is found again from
      // the next granule, and the gap is filled with silence (the file keeps its length).
      this.gapFrom = this.position;
      this.position = null;
    }
    if (!page) {
      // No granule since the start (a file cut short: its output starts at the top) or since a
      // damaged page (it goes on where the output stopped).
      if (this.position === null) this.place(this.gapFrom ?? 0);
      this.ended = true;
      return;
    }
    let packets = page.packets;
    if (this.skipBefore !== null && page.granule >= 0) {
      packets = packetsEndingAfter(packets, page.granule, this.skipBefore);
      this.skipBefore = null;
    }
    if (packets.length > 0) {
      const decoded = await this.decoder!.decodePackets(packets);
      this.checkOwner();
      if (decoded.samplesDecoded > 0) this.push(decoded);
    }
    if (this.position === null && page.granule >= 0) {
      const start = page.granule - this.unplacedFrames();
      // The last page's granule may cut the output short, and G - C come out early: from the
      // top the stream then starts at 0, after a damaged page where the output stopped.
      this.place(page.eos ? (this.gapFrom ?? (this.fromTop ? 0 : start)) : start);
    } else if (this.position !== null && page.granule >= 0 && !page.eos) {
      this.position = page.granule;
    }
    if (page.eos) {
      this.ended = true;
    }
  }

  private unplacedFrames(): number {
    let n = 0;
    for (const a of this.unplaced) n += a.samplesDecoded;
    return n;
  }

  private push(decoded: DecodedAudio): void {
    if (this.gain !== 1) {
      for (const plane of decoded.channelData) {
        for (let i = 0; i < decoded.samplesDecoded; i++) plane[i]! *= this.gain;
      }
    }
    if (this.position === null) {
      this.unplaced.push(decoded);
      return;
    }
    this.ready.push({ audio: decoded, frame: this.position - this.preSkip });
    this.position += decoded.samplesDecoded;
  }

  private place(start: number): void {
    const gap = this.gapFrom === null ? 0 : start - this.gapFrom;
    if (gap > 0 && gap <= MAX_GAP) {
      const silence = Array.from({ length: this.header.channels }, () => new Float32Array(gap));
      this.ready.push({
        audio: { channelData: silence, samplesDecoded: gap },
        frame: this.gapFrom! - this.preSkip,
        damage: `a damaged Ogg page was skipped; ${gap} frames of silence stand for what it held`,
      });
    }
    this.gapFrom = null;
    this.position = start;
    const pieces = this.unplaced;
    this.unplaced = [];
    for (const piece of pieces) {
      this.ready.push({ audio: piece, frame: this.position - this.preSkip });
      this.position += piece.samplesDecoded;
    }
  }
}

/**
 * The packets of a page whose granule is `granule` that end after `goal`, from the first such
 * on; all of them when a packet's length cannot be read.
 */
function packetsEndingAfter(packets: Uint8Array[], granule: number, goal: number): Uint8Array[] {
  let end = granule;
  for (let i = packets.length - 1; i >= 0; i--) {
    if (end <= goal) return packets.slice(i + 1);
    const frames = opusPacketFrames(packets[i]!);
    if (frames === null) return packets;
    end -= frames;
  }
  return packets;
}

/** SILK, hybrid and CELT frame lengths at 48 kHz by TOC configuration (RFC 6716 §3.1). */
const OPUS_FRAME = [480, 960, 1920, 2880, 480, 960, 120, 240];

/** Samples at 48 kHz in an Opus packet, from its TOC byte (RFC 6716 §3.1); null if unreadable. */
export function opusPacketFrames(packet: Uint8Array): number | null {
  const toc = packet[0];
  if (toc === undefined) return null;
  const config = toc >> 3;
  const frame =
    config < 12
      ? OPUS_FRAME[config & 3]!
      : config < 16
        ? OPUS_FRAME[4 + (config & 1)]!
        : OPUS_FRAME[6 + (config & 1)]! * (config & 2 ? 4 : 1);
  const code = toc & 3;
  if (code === 0) return frame;
  if (code !== 3) return frame * 2;
  const count = packet[1];
  return count === undefined ? null : frame * (count & 0x3f);
}
