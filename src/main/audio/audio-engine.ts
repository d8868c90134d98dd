import type { SubsystemStatus } from '../../shared/contract';
import { isAudioProcessMessage, type AudioChild, type LaunchAudioProcess } from './audio-protocol';

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

/**
 * Owns the audio process: starts it, reports whether a device could be opened, restarts it
 * with back-off when it dies, and never lets its failure reach main.
 */
export class AudioEngine {
  private child: AudioChild | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private disposed = false;
  private readonly delays: readonly number[];

  constructor(private readonly options: AudioEngineOptions) {
    this.delays = options.restartDelaysMs ?? [1000, 5000, 30000];
  }

  start(): void {
    if (!this.options.launch) {
      this.options.onStatus({ state: 'unavailable', reason: 'no audio process in this shell' });
      return;
    }
    this.spawn(this.options.launch);
  }

  private spawn(launch: LaunchAudioProcess): void {
    this.options.onStatus({ state: 'starting' });
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
    child.onStderr((text) => {
      stderr = (stderr + text).slice(-STDERR_KEEP);
    });
    child.onMessage((message) => {
      if (!isAudioProcessMessage(message)) return;
      if (message.type === 'ready') {
        this.failures = 0;
        this.options.onStatus({
          state: 'available',
          detail: `ALSA device '${message.device}' (speaker ${message.speakerVersion})`,
        });
      } else fatal = message.message;
    });
    child.onExit((code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      if (!this.disposed) this.died(fatal ?? describeAudioDeath(stderr, code, signal));
    });
  }

  private died(reason: string): void {
    this.options.onStatus({ state: 'unavailable', reason });
    const launch = this.options.launch;
    if (this.disposed || !launch) return;
    const delay = this.delays[Math.min(this.failures, this.delays.length - 1)] ?? 30000;
    this.failures += 1;
    this.restartTimer = setTimeout(() => this.spawn(launch), delay);
    this.restartTimer.unref();
  }

  dispose(): void {
    this.disposed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    this.child = null;
    if (child) {
      child.send({ type: 'shutdown' });
      setTimeout(() => child.kill(), 500).unref();
    }
  }
}
