import { VOLUME_DB_RANGE, type ControlFired, type LibraryFile } from '../../shared/contract';
import type { ControlAction } from '../../shared/midi-learn';
import type { Player } from '../audio/player';

/** Sampledeck's own clock, as far as a control starts and stops it. */
export interface ClockTransport {
  isRunning(): boolean;
  transport(action: 'start' | 'stop'): unknown;
}

export interface ControlActionsOptions {
  player: Pick<Player, 'play' | 'setVolume'>;
  clock: ClockTransport;
  /** Tells the window (`control:fired`): it performs what it owns (the selection, auto-play). */
  fired: (fired: ControlFired) => void;
  log: (message: string) => void;
}

/** A learned control's value (0..1) on the volume slider's scale, in whole dB. */
export function volumeDbOf(value: number): number {
  const { min, max } = VOLUME_DB_RANGE;
  // + 0: just below the top Math.round gives -0, which a slider label shows as "-0 dB".
  return Math.round(min + (max - min) * value) + 0;
}

/**
 * What a learned control or a sampler note does. Main acts on what it owns (the volume, the
 * clock's transport, a file a note is mapped to); every action is also told to the window.
 */
export class ControlActions {
  constructor(private readonly options: ControlActionsOptions) {}

  /** A learned control fired, with its value (0..1). */
  learned(action: ControlAction, value: number): void {
    const { player, clock } = this.options;
    if (action === 'volume') player.setVolume(volumeDbOf(value));
    else if (action === 'transport-start-stop')
      clock.transport(clock.isRunning() ? 'stop' : 'start');
    this.options.fired({ action, value });
  }

  /**
   * A sampler note mapped to a file plays it, velocity setting the level. A file that cannot be
   * played (no audio output, gone from the disk) is logged: a controller has no one to answer.
   */
  playFile(file: LibraryFile, velocity: number): void {
    try {
      this.options.player.play(file.id, 0, undefined, velocity);
    } catch (error) {
      this.options.log(`sampler: ${(error as Error).message}`);
    }
  }

  /** Any other sampler note: the window plays its selected file. */
  playSelected(velocity: number): void {
    this.options.fired({ action: 'sampler', value: velocity / 127 });
  }
}
