/**
 * Keeps the system from suspending the app while it makes sound or time: audio playing, or a
 * clock running (Sampledeck's own, or a followed one whose transport plays). Electron's
 * powerSaveBlocker ('prevent-app-suspension') is passed in, so the decision is testable here.
 */
import type { ClockInfo, EventName, Events, PlayerState } from '../../shared/contract';
import type { Disposable } from '../../shared/lifecycle';

export interface PowerBlocker {
  /** Starts a blocker; its id. */
  start(): number;
  stop(id: number): void;
}

export type AwakeReason = 'audio' | 'clock';

export function playerKeepsAwake(state: PlayerState): boolean {
  // Loading: a play asked for (maybe waiting for the next bar) is about to sound.
  return state.state === 'playing' || state.state === 'loading';
}

/**
 * A clock that sends or drives something. Not merely "a clock arrives": many devices send
 * clock all the time, and the machine would then never sleep while one is plugged in.
 */
export function clockKeepsAwake(info: ClockInfo): boolean {
  return info.generator.running || info.transport === 'playing';
}

/** The core events the guard reads (the host subscribes for these only). */
export const POWER_GUARD_EVENTS: readonly EventName[] = ['player:state', 'clock:state'];

/** Holds exactly one blocker while any reason is active, none otherwise. */
export class PowerGuard implements Disposable {
  private readonly reasons = new Set<AwakeReason>();
  private blockerId: number | null = null;

  constructor(private readonly blocker: PowerBlocker) {}

  get held(): boolean {
    return this.blockerId !== null;
  }

  set(reason: AwakeReason, active: boolean): void {
    if (active) this.reasons.add(reason);
    else this.reasons.delete(reason);
    if (this.reasons.size > 0 && this.blockerId === null) this.blockerId = this.blocker.start();
    else if (this.reasons.size === 0 && this.blockerId !== null) this.release();
  }

  /** A core event listener: updates the reasons from the player's and the clock's state. */
  readonly onEvent = <E extends EventName>(name: E, payload: Events[E]): void => {
    if (name === 'player:state') this.set('audio', playerKeepsAwake(payload as PlayerState));
    else if (name === 'clock:state') this.set('clock', clockKeepsAwake(payload as ClockInfo));
  };

  dispose(): void {
    this.reasons.clear();
    this.release();
  }

  private release(): void {
    if (this.blockerId === null) return;
    const id = this.blockerId;
    this.blockerId = null;
    this.blocker.stop(id);
  }
}
