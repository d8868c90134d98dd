import type { Writable } from 'node:stream';

export interface DeviceFormat {
  sampleRate: number;
  channels: number;
}

/** What the engine needs of `speaker`: a writable that takes signed 16-bit host-endian PCM. */
export interface Device extends Writable {
  close(flush: boolean): void;
}

/** Opens the named output (null: the system default); throws when it cannot be opened. */
export type OpenDevice = (format: DeviceFormat, device: string | null) => Device;

/**
 * One open device. speaker writes on a libuv thread, and closing the ALSA handle while a write
 * is in flight aborts the process (seen here when switching files quickly), so a close waits
 * until every write handed over has come back.
 */
export class DeviceSlot {
  private pending = 0;
  private closing: { flush: boolean } | null = null;
  private finished = false;
  private resolveClosed!: () => void;
  readonly closed = new Promise<void>((resolve) => (this.resolveClosed = resolve));

  constructor(
    readonly device: Device,
    readonly format: DeviceFormat,
    /** The output's name (null: the system default). */
    readonly name: string | null = null,
  ) {}

  /** false: the device's buffer is full, wait for 'drain'. */
  write(chunk: Buffer, written?: () => void): boolean {
    this.pending += 1;
    return this.device.write(chunk, () => {
      this.pending -= 1;
      written?.();
      this.settle();
    });
  }

  /** A failed write never calls back, so after an error nothing counts as in flight. */
  failed(): void {
    this.pending = 0;
  }

  close(flush: boolean): Promise<void> {
    this.closing ??= { flush };
    this.settle();
    return this.closed;
  }

  private settle(): void {
    if (!this.closing || this.pending > 0 || this.finished) return;
    this.finished = true;
    try {
      this.device.close(this.closing.flush);
    } catch {
      // A device that failed may refuse to close; it is dropped either way.
    }
    this.resolveClosed();
  }
}
