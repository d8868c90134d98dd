// Handled in src/main/handlers/player-handlers.ts.
import { z } from 'zod';
import { fileId, noArgs, request } from './request';

export type PlayState = 'stopped' | 'loading' | 'playing' | 'paused';

export interface PlayerState {
  state: PlayState;
  /** Increases with every play request; progress events carry it, so stale ones are dropped. */
  playId: number;
  file: {
    id: number;
    name: string;
    path: string;
    durationSec: number;
    sampleRate: number;
    channels: number;
  } | null;
  positionSec: number;
  loop: boolean;
  volumeDb: number;
  /** Arrow keys play each file as the selection reaches it (the window acts on it; main keeps it). */
  autoPlay: boolean;
  /** Why playback stopped, when it was not the user's doing (unreadable file, device lost ...). */
  error: string | null;
  /** "Play on next bar": when (epoch ms) the sound is due, until it has begun; else null. */
  startsAt: number | null;
}

export interface PlayerProgress {
  playId: number;
  positionSec: number;
}

/** Up to unity: a file at full scale never clips because the slider (or CC 7 at 127) is at the top. */
export const VOLUME_DB_RANGE = { min: -60, max: 0 } as const;

export const playerRequests = {
  /** Plays a library file at once (from startSec), replacing whatever plays. */
  'player:play': request<PlayerState>()(
    z.strictObject({
      id: fileId,
      startSec: z.number().nonnegative().finite().default(0),
      /** Start on the next bar line of the followed clock (it must be playing). */
      onNextBar: z.boolean().default(false),
      /** A sampler hit: its velocity (1-127) sets the level, below the volume. */
      velocity: z.number().int().min(1).max(127).optional(),
    }),
  ),

  /** Pauses what plays, or resumes what is paused. */
  'player:toggle': request<PlayerState>()(noArgs),
  'player:stop': request<PlayerState>()(noArgs),
  'player:seek': request<PlayerState>()(
    z.strictObject({ seconds: z.number().nonnegative().finite() }),
  ),
  'player:set-loop': request<PlayerState>()(z.strictObject({ loop: z.boolean() })),
  'player:set-volume': request<PlayerState>()(
    z.strictObject({ db: z.number().min(VOLUME_DB_RANGE.min).max(VOLUME_DB_RANGE.max) }),
  ),
  'player:set-auto-play': request<PlayerState>()(z.strictObject({ autoPlay: z.boolean() })),
  'player:state': request<PlayerState>()(noArgs),
};

export interface PlayerEvents {
  /** The player changed state (play, pause, end, error, loop, volume). */
  'player:state': PlayerState;
  /** Where playback is, about 30 times a second while playing. */
  'player:progress': PlayerProgress;
}
