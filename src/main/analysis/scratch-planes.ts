/**
 * Float32 planes a worker thread keeps from one analysis to the next. Fresh memory is slow to
 * touch the first time (about 3 ms per MB on our VMs: some 340 ms for a 5-minute stereo file's
 * planes, a third of its analysis), while memory already touched is filled ten times faster. So
 * the planes a file was decoded into are lent again to the next file, up to a size, and let go
 * after a while unused.
 */

/** Where a decoder puts a signal: `channels` zeroed planes of `frames` samples. */
export type AllocatePlanes = (channels: number, frames: number) => Float32Array[];

/** New planes every time: what tests and the CLI use, and the fallback. */
export const freshPlanes: AllocatePlanes = (channels, frames) =>
  Array.from({ length: channels }, () => new Float32Array(frames));

/** Bytes kept at most: two planes of 5 minutes at 48 kHz. Larger signals get fresh planes. */
export const SCRATCH_MAX_BYTES = 2 * 5 * 60 * 48_000 * 4;

/** Kept planes are let go after this long unused, so a thread that analysed one long file does
 * not hold it while it reads headers. */
export const SCRATCH_KEEP_MS = 10_000;

export interface ScratchTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: ScratchTimers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class ScratchPlanes {
  private kept: Float32Array[] = [];
  private lent = false;
  private release: unknown = null;

  constructor(
    private readonly maxBytes = SCRATCH_MAX_BYTES,
    private readonly keepMs = SCRATCH_KEEP_MS,
    private readonly timers: ScratchTimers = realTimers,
  ) {}

  /** Bytes held between uses (tests and figures). */
  get keptBytes(): number {
    return this.kept.reduce((sum, plane) => sum + plane.byteLength, 0);
  }

  /**
   * Runs `use` with an allocator whose first call gets the kept planes (zeroed, grown if need
   * be). The planes are valid only until `use` settles. A second call within one use, or a use
   * while another holds the planes, gets fresh ones: lending never shares memory.
   */
  async lend<T>(use: (allocate: AllocatePlanes) => Promise<T>): Promise<T> {
    if (this.lent) return use(freshPlanes);
    this.lent = true;
    if (this.release !== null) this.timers.clear(this.release);
    this.release = null;
    let given = false;
    const allocate: AllocatePlanes = (channels, frames) => {
      if (given || channels * frames * 4 > this.maxBytes) return freshPlanes(channels, frames);
      given = true;
      return this.planes(channels, frames);
    };
    try {
      return await use(allocate);
    } finally {
      this.lent = false;
      this.release = this.timers.set(() => {
        this.kept = [];
        this.release = null;
      }, this.keepMs);
    }
  }

  private planes(channels: number, frames: number): Float32Array[] {
    // Room for slightly longer files next time, within the limit.
    const room = Math.max(frames, Math.min(Math.ceil(frames * 1.25), this.maxBytes / 4 / channels));
    const kept = this.kept.slice(0, channels);
    for (let c = 0; c < channels; c++) {
      const plane = kept[c];
      if (plane && plane.length >= frames) plane.fill(0, 0, frames);
      else kept[c] = new Float32Array(room);
    }
    this.kept = kept;
    return kept.map((plane) => plane.subarray(0, frames));
  }
}
