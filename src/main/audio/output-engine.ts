/**
 * Plays files to the audio device, inside the audio process. The device may take data at once
 * (ALSA's file plugin does), so writes are paced against a monotonic clock with a small lead,
 * and a real device's back-pressure ('drain') is still honoured. Positions are computed from
 * that clock: what the device has played, not what was handed to it.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { fromEpoch, systemClock, toEpoch, type Clock } from '../../shared/clock';
import type { Disposable } from '../../shared/lifecycle';
import type { AudioHeader } from '../formats/header-types';
import { readAudioHeaderSync } from '../formats/read-header-file';
import { describeFsError } from '../platform/fs-error';
import { fsPath } from '../platform/fs-path';
import type { AudioCommand, AudioProcessMessage } from './audio-protocol';
import { DeviceSlot, type DeviceFormat, type OpenDevice } from './device-slot';
import { Playback } from './playback';
import { playbackReason } from './compressed-pieces';

export interface EngineTiming {
  /** How far ahead of the device clock data is written. */
  leadMs: number;
  /** An idle device is closed after this long, so other programs can have it. */
  idleCloseMs: number;
  /** Frames per read, in ms of audio. */
  chunkMs: number;
  tickMs: number;
  positionMs: number;
}

const DEFAULT_TIMING: EngineTiming = {
  leadMs: 60,
  idleCloseMs: 500,
  chunkMs: 20,
  tickMs: 5,
  positionMs: 25,
};

export class OutputEngine implements Disposable {
  private slot: DeviceSlot | null = null;
  /** Monotonic ms at which everything written so far will have sounded. */
  private queueEndsAt = 0;
  private current: Playback | null = null;
  private loop = false;
  private gain = 1;
  /** The output chosen (null: the system default): tried first at every open. */
  private device: string | null = null;
  private pumping = false;
  /** play, seek and stop run one after another, never interleaved across their awaits. */
  private serial: Promise<void> = Promise.resolve();
  private latestPlayId = 0;
  private lastPosition = -1;
  private lastPositionAt = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly timing: EngineTiming;

  constructor(
    private readonly openDevice: OpenDevice,
    private readonly post: (message: AudioProcessMessage) => void,
    timing: Partial<EngineTiming> = {},
    private readonly clock: Clock = systemClock,
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
    this.timer = setInterval(() => this.tick(), this.timing.tickMs);
  }

  private now(): number {
    return this.clock.now();
  }

  handle(command: AudioCommand): void {
    switch (command.type) {
      case 'play':
        this.loop = command.loop;
        this.gain = command.gain;
        this.latestPlayId = command.playId;
        this.inOrder(() =>
          this.play(command.playId, command.path, command.startFrame, command.startAt),
        );
        break;
      case 'seek':
        this.inOrder(async () => {
          if (this.current?.playId === command.playId) {
            await this.play(command.playId, this.current.path, command.frame);
          }
        });
        break;
      case 'pause':
        this.inOrder(async () => {
          if (this.current?.playId === command.playId && this.current.state === 'playing') {
            this.current.state = 'paused';
          }
        });
        break;
      case 'resume':
        this.inOrder(async () => {
          const p = this.current;
          if (p?.playId !== command.playId || p.state !== 'paused') return;
          // Continue the clock where the device left off, after whatever gap the pause made.
          p.startsAt = Math.max(this.queueEndsAt, this.now()) - (p.written * 1000) / p.rate;
          p.state = 'playing';
          void this.pump();
        });
        break;
      case 'stop':
        this.latestPlayId = -1;
        this.inOrder(() => this.stop(true));
        break;
      case 'set-loop':
        this.loop = command.loop;
        if (this.current) this.current.loop = command.loop;
        break;
      case 'set-gain':
        this.gain = command.gain;
        if (this.current) this.current.gain = command.gain;
        break;
      case 'set-device':
        this.device = command.device;
        this.inOrder(() => this.moveToChosen());
        break;
      case 'shutdown':
        this.dispose();
        break;
    }
  }

  private inOrder(task: () => Promise<void>): void {
    this.serial = this.serial.then(task, task);
  }

  /** Ends what plays; with `flush`, what the device still holds is dropped too. */
  private async stop(flush: boolean): Promise<void> {
    const playing = this.current;
    this.current = null;
    const closing = playing && playing.state !== 'done' && flush ? this.closeDevice(true) : null;
    await playing?.dispose();
    await closing;
  }

  private closeDevice(flush: boolean): Promise<void> {
    const slot = this.slot;
    this.slot = null;
    this.queueEndsAt = 0;
    return slot ? slot.close(flush) : Promise.resolve();
  }

  private async play(
    playId: number,
    path: string,
    startFrame: number,
    startAt?: number,
  ): Promise<void> {
    // Arrow-key auditioning queues plays faster than devices open: only the newest matters.
    if (playId !== this.latestPlayId) return;
    await this.stop(true);
    const fail = (message: string) => this.post({ type: 'error', playId, message });
    const file = await openForPlayback(path);
    if ('reason' in file) return fail(`cannot play ${basename(path)}: ${file.reason}`);
    const { header } = file;
    const playback = new Playback({
      playId,
      path,
      handle: file.handle,
      header,
      firstFrame: startFrame,
      loop: this.loop,
      gain: this.gain,
      chunkMs: this.timing.chunkMs,
      onDamage: (frame, detail) => this.post({ type: 'notice', playId, frame, detail }),
    });
    this.current = playback;
    const format = { sampleRate: header.sampleRate, channels: header.channels };
    // No await when the open device fits: nothing may run between here and the lead-in below.
    if (!this.deviceFits(format)) {
      const deviceError = await this.reopenDevice(format);
      if (deviceError !== null) {
        this.current = null;
        await playback.dispose();
        return fail(`audio device: ${deviceError}`);
      }
    }
    this.post({
      type: 'started',
      playId,
      frames: header.frames,
      sampleRate: header.sampleRate,
      channels: header.channels,
    });
    // At an epoch time (the next bar line): the device plays silence until then, so the first
    // frame lands on that moment to the sample, whatever timers do.
    if (startAt !== undefined) playback.leadInUntil = fromEpoch(this.clock, startAt);
    void this.pump();
  }

  private deviceFits(format: DeviceFormat): boolean {
    const held = this.slot?.format;
    return held?.sampleRate === format.sampleRate && held.channels === format.channels;
  }

  /** Closes the open device (dropping what it holds) and opens one for `format`; or why not. */
  private async reopenDevice(format: DeviceFormat): Promise<string | null> {
    await this.closeDevice(true);
    return this.openSlot(format, this.candidates());
  }

  /** The chosen output, then the system default. */
  private candidates(): (string | null)[] {
    return this.device === null ? [null] : [this.device, null];
  }

  /**
   * Opens the first of `names` that opens (null: the system default) and says which to main;
   * or why none did. `reason`: why an earlier choice was already given up.
   */
  private openSlot(
    format: DeviceFormat,
    names: readonly (string | null)[],
    reason?: string,
  ): string | null {
    for (const name of names) {
      try {
        const slot = new DeviceSlot(this.openDevice(format, name), format, name);
        this.slot = slot;
        slot.device.on('error', (error: Error) => this.deviceFailed(slot, error));
        const why = name === this.device || reason === undefined ? {} : { reason };
        this.post({ type: 'device', requested: this.device, opened: name, ...why });
        return null;
      } catch (error) {
        reason = (error as Error).message;
      }
    }
    return reason ?? 'no audio device to open';
  }

  /**
   * Moves what plays to the chosen output without a gap or a lost sample: the old device plays
   * out the lead it holds (closed without a flush) while the pump goes on into the new one.
   */
  private async moveToChosen(): Promise<void> {
    const old = this.slot;
    if (!old || old.name === this.device) return;
    const playing = this.current !== null && this.current.state !== 'done';
    if (!playing) {
      await this.closeDevice(false);
      return;
    }
    // Neither the chosen device nor the default opened: what plays stays where it is.
    if (this.openSlot(old.format, this.candidates()) !== null) return;
    void old.close(false);
    void this.pump();
  }

  /**
   * A device error ends what plays on it; a device already replaced is only dropped. A chosen
   * device that fails mid-play (unplugged) hands what plays on to the system default.
   */
  private deviceFailed(slot: DeviceSlot, error: Error): void {
    slot.failed();
    if (this.slot !== slot) return;
    const victim = this.current;
    void this.closeDevice(false);
    if (victim && victim.state !== 'done' && slot.name !== null) {
      if (this.openSlot(slot.format, [null], error.message) === null) {
        void this.pump();
        return;
      }
    }
    if (victim) {
      this.post({
        type: 'error',
        playId: victim.playId,
        message: `audio device: ${error.message}`,
      });
      void this.stop(false);
    }
  }

  /** The next chunk of silence before a playback's start time, or null once it is reached. */
  private leadIn(playback: Playback): Buffer | null {
    if (playback.leadInUntil === null) return null;
    const streamAt = Math.max(this.queueEndsAt, this.now());
    const frames = Math.round(((playback.leadInUntil - streamAt) * playback.rate) / 1000);
    if (frames <= 0) {
      playback.leadInUntil = null;
      return null;
    }
    return Buffer.alloc(Math.min(frames, playback.chunkFrames) * 2 * playback.channels);
  }

  /** Writes while the device's queue is shorter than the lead. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const playback = this.current;
        if (!playback || !this.slot || playback.state !== 'playing') return;
        if (this.queueEndsAt - this.now() >= this.timing.leadMs) return;
        const silence = this.leadIn(playback);
        let chunk: Buffer | null;
        try {
          chunk = silence ?? (await playback.next());
        } catch (error) {
          if (this.current === playback) {
            this.post({
              type: 'error',
              playId: playback.playId,
              message: (error as Error).message,
            });
            await this.stop(false);
          }
          return;
        }
        // The slot may have changed meanwhile: a move to another device takes the chunk along.
        const target = this.slot;
        if (this.current !== playback || !target) return;
        if (chunk === null) {
          playback.state = 'ending';
          return;
        }
        const now = this.now();
        const startAt = Math.max(this.queueEndsAt, now);
        const frames = chunk.length / (2 * playback.channels);
        const first = !playback.started;
        playback.started = true;
        if (!silence) {
          if (playback.written === 0) playback.startsAt = startAt;
          playback.written += frames;
        }
        this.queueEndsAt = startAt + (frames * 1000) / playback.rate;
        const written = first
          ? () =>
              this.post({
                type: 'first-write',
                playId: playback.playId,
                at: toEpoch(this.clock, this.now()),
              })
          : undefined;
        if (!target.write(chunk, written)) {
          await new Promise<void>((resolve) => {
            target.device.once('drain', resolve);
            target.device.once('close', resolve);
          });
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private tick(): void {
    const playback = this.current;
    const now = this.now();
    if (!playback) {
      if (this.slot && now - this.queueEndsAt > this.timing.idleCloseMs)
        void this.closeDevice(false);
      return;
    }
    if (playback.state === 'playing') void this.pump();
    if (playback.state === 'ending' && now >= this.queueEndsAt) {
      this.post({ type: 'position', playId: playback.playId, frame: playback.frames });
      this.post({ type: 'ended', playId: playback.playId });
      this.current = null;
      void playback.dispose();
      return;
    }
    if (now - this.lastPositionAt >= this.timing.positionMs) {
      const frame = playback.positionAt(now);
      if (frame !== this.lastPosition) {
        this.lastPosition = frame;
        this.lastPositionAt = now;
        this.post({ type: 'position', playId: playback.playId, frame });
      }
    }
  }

  /** Stops; an idle device is closed gently, so what it holds still reaches its end. */
  dispose(): void {
    clearInterval(this.timer);
    const active = this.current !== null && this.current.state !== 'done';
    void this.stop(active);
    void this.closeDevice(active);
  }
}

/** The file's header and an open handle, or why it cannot be played. */
async function openForPlayback(
  path: string,
): Promise<{ header: AudioHeader; handle: FileHandle } | { reason: string }> {
  try {
    const { result } = readAudioHeaderSync(path);
    if (result.kind !== 'ok') return { reason: result.reason };
    const reason = playbackReason(result.header);
    if (reason) return { reason };
    return { header: result.header, handle: await open(fsPath(path), 'r') };
  } catch (error) {
    return { reason: describeFsError(error) };
  }
}
