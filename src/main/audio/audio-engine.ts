import type { SubsystemStatus } from '../../shared/contract';
import { Emitter } from '../../shared/emitter';
import type { Disposable } from '../../shared/lifecycle';
import {
  isAudioProcessMessage,
  type AudioChild,
  type AudioCommand,
  type AudioProcessMessage,
  type LaunchAudioProcess,
} from './audio-protocol';

export interface AudioEngineOptions {
  launch: LaunchAudioProcess | null;
  onStatus: (status: SubsystemStatus) => void;
  /** Delays before each restart after the process died; the last one repeats. */
  restartDelaysMs?: readonly number[];
}

const STDERR_KEEP = 4000;

/** Turns what ALSA and node printed before the process died into one line a user can read. */
export function describeAudioDeath(
  stderr: string,
  code: number | null,
  signal: string | null,
): string {
  const device = /cannot open device (\S+)/.exec(stderr)?.[1];
  if (device) return `cannot open ALSA device '${device}'`;
  const alsa = stderr
    .split('\n')
    .reverse()
    .find((line) => line.startsWith('ALSA lib'));
  if (alsa) return alsa.replace(/^ALSA lib \S+ /, 'ALSA: ');
  return signal
    ? `the audio process was killed by ${signal}`
    : `the audio process exited (${code})`;
}

const deviceDetail = (device: string, speakerVersion: string) =>
  `ALSA device '${device}' (speaker ${speakerVersion})`;

/**
 * Owns the audio process: starts it, reports whether a device could be opened, restarts it
 * with back-off when it dies, and never lets its failure reach main.
 */
export class AudioEngine implements Disposable {
  private readonly messages = new Emitter<[AudioProcessMessage]>('the audio messages');
  private readonly lost = new Emitter<[reason: string]>('the audio process lost');
  private child: AudioChild | null = null;
  private ready = false;
  private status: SubsystemStatus = { state: 'starting' };
  private lastFailure: string | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  /** The output the process is to open (null: the system default), told again at each start. */
  private device: string | null = null;
  private disposed = false;
  private readonly delays: readonly number[];

  constructor(private readonly options: AudioEngineOptions) {
    this.delays = options.restartDelaysMs ?? [250, 2000, 10000, 30000];
  }

  /** Playback messages (started, first-write, position, ended, error), until disposed. */
  onMessage(listener: (message: AudioProcessMessage) => void): Disposable {
    return this.messages.listen(listener);
  }

  /** The process died while it was ready (whatever played has stopped), until disposed. */
  onLost(listener: (reason: string) => void): Disposable {
    return this.lost.listen(listener);
  }

  start(): void {
    if (!this.options.launch) {
      this.setStatus({ state: 'unavailable', reason: 'no audio process in this shell' });
      return;
    }
    this.spawn(this.options.launch);
  }

  private setStatus(status: SubsystemStatus): void {
    this.status = status;
    this.options.onStatus(status);
  }

  /** Why nothing can play right now, or null when the device is ready. */
  unavailableReason(): string | null {
    if (this.ready) return null;
    if (this.status.state === 'unavailable') return this.status.reason;
    // Between restarts, the last failure says more than "starting".
    return this.lastFailure ?? 'the audio output is still starting';
  }

  /** Chooses the output; what plays moves to it. A process started later is told at once. */
  setDevice(device: string | null): void {
    this.device = device;
    this.send({ type: 'set-device', device });
  }

  /** Sends a command to a ready audio process; false when there is none. */
  send(command: AudioCommand): boolean {
    if (!this.ready || !this.child) return false;
    this.child.send(command);
    return true;
  }

  private spawn(launch: LaunchAudioProcess): void {
    this.setStatus({ state: 'starting' });
    let stderr = '';
    let child: AudioChild;
    try {
      child = launch();
    } catch (error) {
      this.died(`cannot start the audio process: ${(error as Error).message}`);
      return;
    }
    this.child = child;
    let fatal: string | null = null;
    let speakerVersion = 'unknown';
    child.onStderr((text) => {
      stderr = (stderr + text).slice(-STDERR_KEEP);
    });
    child.onMessage((message) => {
      if (!isAudioProcessMessage(message)) return;
      if (message.type === 'ready') {
        // Before anything else is sent, so no play can reach the wrong device.
        child.send({ type: 'set-device', device: this.device });
        this.failures = 0;
        this.ready = true;
        this.lastFailure = null;
        speakerVersion = message.speakerVersion;
        this.setStatus({
          state: 'available',
          detail: deviceDetail(message.device, speakerVersion),
        });
      } else if (message.type === 'fatal') fatal = message.message;
      else {
        // The status names the device sound goes to now (the chosen one, or the default).
        if (message.type === 'device') this.deviceOpened(message.opened, speakerVersion);
        this.messages.fire(message);
      }
    });
    child.onExit((code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      const wasReady = this.ready;
      this.ready = false;
      if (this.disposed) return;
      const reason = fatal ?? describeAudioDeath(stderr, code, signal);
      if (wasReady) this.lost.fire(reason);
      this.died(reason);
    });
  }

  private deviceOpened(device: string | null, speakerVersion: string): void {
    const detail = deviceDetail(device ?? 'default', speakerVersion);
    const { status } = this;
    if (status.state === 'available' && status.detail === detail) return;
    this.setStatus({ state: 'available', detail });
  }

  private died(reason: string): void {
    this.lastFailure = reason;
    this.setStatus({ state: 'unavailable', reason });
    const launch = this.options.launch;
    if (this.disposed || !launch) return;
    const delay = this.delays[Math.min(this.failures, this.delays.length - 1)] ?? 30000;
    this.failures += 1;
    this.restartTimer = setTimeout(() => this.spawn(launch), delay);
    this.restartTimer.unref();
  }

  /** Asks the process to shut down (killed if it has not within 500 ms); no restarts after. */
  dispose(): void {
    this.disposed = true;
    this.ready = false;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    this.child = null;
    if (child) {
      child.send({ type: 'shutdown' });
      setTimeout(() => child.kill(), 500).unref();
    }
  }
}
