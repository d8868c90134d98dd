import { AppError } from '../../shared/app-error';
import type { FileAnalysis, LibraryFile, PlayerProgress, PlayerState } from '../../shared/contract';
import { DEFAULT_LOUDNESS_TARGET, matchedGainDb } from '../../shared/loudness-match';
import type { AudioEngine } from './audio-engine';
import type { AudioProcessMessage } from './audio-protocol';

export interface PlayerOptions {
  engine: Pick<AudioEngine, 'send' | 'unavailableReason'>;
  /** The library's file for an id: only files in the library can be played. */
  lookup: (id: number) => LibraryFile | undefined;
  onState: (state: PlayerState) => void;
  onProgress: (progress: PlayerProgress) => void;
  initial: PlayerPreferences;
  /** Called when volume, loop or auto-play change, to keep them. */
  persist: (change: Partial<PlayerPreferences>) => void;
  /** Told to the user in the window: a damaged frame skipped in the file playing. */
  onNotice?: (message: string) => void;
  /** Progress events at most this often (the audio process reports every ~25 ms). */
  progressIntervalMs?: number;
  /** Epoch ms (Date.now); tests pass their own. */
  now?: () => number;
  /** A file's analysis by path (null: not analysed yet), for loudness-matched playback. */
  loudnessOf?: (path: string) => FileAnalysis | null;
}

/** Loudness-matched playback: on or off, and the loudness every file is brought to. */
export interface LoudnessMatch {
  on: boolean;
  targetLufs: number;
}

export type PlayerPreferences = Pick<PlayerState, 'volumeDb' | 'loop' | 'autoPlay'>;

export const dbToGain = (db: number): number => (db === 0 ? 1 : 10 ** (db / 20));

/**
 * The player's state machine in main: what plays, where, and why it stopped. Commands go to the
 * audio process; its messages come back tagged with the play id, and stale ones are ignored.
 */
export class Player {
  private state: PlayerState;
  private sampleRate = 1;
  private lastProgressAt = 0;
  private match: LoudnessMatch = { on: false, targetLufs: DEFAULT_LOUDNESS_TARGET };
  /** The playing file's matching gain (dB), on top of the volume; 0 when matching is off. */
  private matchDb = 0;
  /** The playing file's velocity scale (1 without one), kept for volume changes. */
  private velocityScale = 1;

  constructor(private readonly options: PlayerOptions) {
    this.state = {
      state: 'stopped',
      playId: 0,
      file: null,
      positionSec: 0,
      loop: options.initial.loop,
      volumeDb: options.initial.volumeDb,
      autoPlay: options.initial.autoPlay,
      error: null,
      startsAt: null,
    };
  }

  get(): PlayerState {
    return this.state;
  }

  /** Applies the saved volume, loop and auto-play once the settings are read. */
  restore(saved: PlayerPreferences): void {
    this.set({ volumeDb: saved.volumeDb, loop: saved.loop, autoPlay: saved.autoPlay });
  }

  setAutoPlay(autoPlay: boolean): PlayerState {
    this.options.persist({ autoPlay });
    return this.set({ autoPlay });
  }

  private set(change: Partial<PlayerState>): PlayerState {
    this.state = { ...this.state, ...change };
    // A play waiting for its bar is no longer waiting once stopped or paused.
    if (this.state.state === 'stopped' || this.state.state === 'paused') this.state.startsAt = null;
    this.options.onState(this.state);
    return this.state;
  }

  private send(command: Parameters<AudioEngine['send']>[0]): void {
    if (!this.options.engine.send(command)) {
      const reason = this.options.engine.unavailableReason() ?? 'the audio process is not running';
      throw new AppError('UNAVAILABLE', `Audio output unavailable: ${reason}`);
    }
  }

  /** Plays a library file from `startSec`, at once or at an epoch time (`startAt`). */
  play(id: number, startSec = 0, startAt?: number, velocity?: number): PlayerState {
    const file = this.options.lookup(id);
    if (!file) throw new AppError('NOT_FOUND', `no file with id ${id} in the library`);
    if (file.status !== 'ok' || !file.playable || !file.sampleRate || !file.channels) {
      const reason = `cannot play ${file.name}: ${file.error ?? `${file.codec ?? file.format} playback is not supported yet`}`;
      // What played stops and the player names this file: auditioning with the arrows, the
      // previous file's sound must never seem to be this one's. The window shows the reason
      // once (the state's error and the refusal say the same).
      if (this.state.state !== 'stopped') this.options.engine.send({ type: 'stop' });
      this.set({
        state: 'stopped',
        playId: this.state.playId + 1,
        file: {
          id: file.id,
          name: file.name,
          path: file.path,
          durationSec: file.durationSec ?? 0,
          sampleRate: file.sampleRate ?? 0,
          channels: file.channels ?? 0,
        },
        positionSec: 0,
        error: reason,
      });
      throw new AppError('UNAVAILABLE', reason);
    }
    const playId = this.state.playId + 1;
    this.sampleRate = file.sampleRate;
    this.matchDb = this.matchGainDb(file.path);
    // A velocity scales the level like a sampler's: 127 is full volume.
    this.velocityScale = velocity === undefined ? 1 : velocity / 127;
    const durationSec = file.durationSec ?? 0;
    const startFrame = Math.min(Math.round(startSec * file.sampleRate), file.frames ?? 0);
    this.send({
      startAt,
      type: 'play',

      playId,
      path: file.path,
      startFrame,
      loop: this.state.loop,
      gain: this.gain(this.state.volumeDb),
    });

    return this.set({
      state: 'loading',
      playId,
      file: {
        id: file.id,
        name: file.name,
        path: file.path,
        durationSec,
        sampleRate: file.sampleRate,
        channels: file.channels,
      },
      positionSec: startFrame / file.sampleRate,
      error: null,
      startsAt: startAt ?? null,
    });
  }

  toggle(): PlayerState {
    const { state, playId, file, positionSec } = this.state;
    if (state === 'playing' || state === 'loading') {
      this.send({ type: 'pause', playId });
      return this.set({ state: 'paused' });
    }
    if (state === 'paused') {
      this.send({ type: 'resume', playId });
      return this.set({ state: 'playing' });
    }
    if (file) {
      const atEnd = positionSec >= file.durationSec - 1e-3;
      return this.play(file.id, atEnd ? 0 : positionSec);
    }
    return this.state;
  }

  stop(): PlayerState {
    if (this.state.state === 'stopped') return this.state;
    this.options.engine.send({ type: 'stop' });
    return this.set({ state: 'stopped', positionSec: 0 });
  }

  seek(seconds: number): PlayerState {
    const { state, playId, file } = this.state;
    if (!file) throw new AppError('UNAVAILABLE', 'nothing to seek in: no file is loaded');
    const clamped = Math.min(seconds, file.durationSec);
    if (state === 'stopped') return this.play(file.id, clamped);
    const frame = Math.round(clamped * this.sampleRate);
    this.send({ type: 'seek', playId, frame });
    // A seek while paused plays from there, as in every player with a waveform to click.
    return this.set({
      state: state === 'paused' ? 'playing' : state,
      positionSec: frame / this.sampleRate,
    });
  }

  setLoop(loop: boolean): PlayerState {
    this.options.engine.send({ type: 'set-loop', loop });
    this.options.persist({ loop });
    return this.set({ loop });
  }

  setVolume(db: number): PlayerState {
    this.options.engine.send({ type: 'set-gain', gain: this.gain(db) });
    this.options.persist({ volumeDb: db });
    return this.set({ volumeDb: db });
  }

  /**
   * Loudness matching on or off, or a new target: applies to the file playing at once (its gain
   * changes as the volume's does) and to every file played after.
   */
  setLoudnessMatch(match: LoudnessMatch): void {
    this.match = match;
    const { file, state } = this.state;
    if (!file) return;
    this.matchDb = this.matchGainDb(file.path);
    if (state !== 'stopped')
      this.options.engine.send({ type: 'set-gain', gain: this.gain(this.state.volumeDb) });
  }

  private matchGainDb(path: string): number {
    if (!this.match.on) return 0;
    return matchedGainDb(this.options.loudnessOf?.(path) ?? null, this.match.targetLufs);
  }

  /** The linear gain of the file playing at volume `db`: volume, loudness match, velocity. */
  private gain(db: number): number {
    return dbToGain(db + this.matchDb) * this.velocityScale;
  }

  /** Messages from the audio process. */
  onMessage(message: AudioProcessMessage): void {
    if (!('playId' in message) || message.playId !== this.state.playId) return;
    switch (message.type) {
      case 'started':
        this.sampleRate = message.sampleRate;
        if (this.state.state === 'loading') this.set({ state: 'playing' });
        break;
      case 'position': {
        const positionSec = message.frame / this.sampleRate;
        this.state = { ...this.state, positionSec };
        // Armed for the next bar until the bar line has passed: then the window is told.
        const { startsAt } = this.state;
        if (startsAt !== null && (this.options.now ?? Date.now)() >= startsAt) {
          this.set({ startsAt: null });
        }
        const now = performance.now();
        if (now - this.lastProgressAt >= (this.options.progressIntervalMs ?? 30)) {
          this.lastProgressAt = now;
          this.options.onProgress({ playId: message.playId, positionSec });
        }
        break;
      }
      case 'ended':
        this.options.onProgress({
          playId: message.playId,
          positionSec: this.state.file?.durationSec ?? 0,
        });
        this.set({ state: 'stopped', positionSec: this.state.file?.durationSec ?? 0 });
        break;
      case 'error':
        this.set({ state: 'stopped', error: message.message });
        break;
      case 'notice': {
        const name = this.state.file?.path ?? 'the file playing';
        const at = formatPosition(message.frame / this.sampleRate);
        this.options.onNotice?.(
          `${name}: a damaged frame at ${at} was skipped, playback went on (${message.detail})`,
        );
        break;
      }
    }
  }

  /** The audio process died: nothing plays any more, and the user is told why. */
  onLost(reason: string): void {
    if (this.state.state === 'stopped') return;
    this.set({ state: 'stopped', error: `Audio output lost: ${reason}; restarting it` });
  }
}

/** Seconds as m:ss.s (h:mm:ss.s past an hour), for telling where in a file something is. */
export function formatPosition(seconds: number): string {
  const tenths = Math.floor(seconds * 10);
  const s = ((tenths % 600) / 10).toFixed(1).padStart(4, '0');
  const minutes = Math.floor(tenths / 600);
  if (minutes < 60) return `${minutes}:${s}`;
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${s}`;
}
