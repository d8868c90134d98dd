/**
 * FLAC's SEEKTABLE: where to start reading to play from a sample without decoding the file
 * from its top (flac writes a point every 10 s by default). Each point is 18 bytes: the first
 * sample of a frame (u64), that frame's byte offset from the first frame (u64), and its samples.
 */
const PLACEHOLDER = 0xffffffffffffffffn;

export interface SeekPoint {
  /** The first sample of the frame. */
  sample: number;
  /** Its offset in bytes from the first audio frame. */
  offset: number;
}

/** The last seek point at or before `target` in the bytes before the first audio frame, or null. */
export function seekPointIn(head: Buffer, target: number): SeekPoint | null {
  const start = head.indexOf('fLaC');
  if (start < 0) return null;
  let best: SeekPoint | null = null;
  for (let pos = start + 4; pos + 4 <= head.length;) {
    const type = head[pos]! & 0x7f;
    const last = (head[pos]! & 0x80) !== 0;
    const length = head.readUIntBE(pos + 1, 3);
    const body = pos + 4;
    if (type === 3) {
      for (let p = body; p + 18 <= Math.min(body + length, head.length); p += 18) {
        const sample = head.readBigUInt64BE(p);
        if (sample === PLACEHOLDER || Number(sample) > target) continue;
        const point = { sample: Number(sample), offset: Number(head.readBigUInt64BE(p + 8)) };
        if (!best || point.sample > best.sample) best = point;
      }
    }
    if (last) break;
    pos = body + length;
  }
  return best;
}
