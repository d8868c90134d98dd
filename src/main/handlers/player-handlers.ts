import { AppError } from '../../shared/app-error';
import type { playerRequests } from '../../shared/contract';
import type { Player } from '../audio/player';
import type { HandlersOf } from '../dispatcher';
import type { ClockFollowing } from '../midi/clock-following';

/** Playback; "play on next bar" asks the followed clock where the next bar line falls. */
export function playerHandlers(deps: {
  player: Player;
  following: Pick<ClockFollowing, 'nextBarAt'>;
}): HandlersOf<typeof playerRequests> {
  const { player, following } = deps;
  return {
    'player:play': ({ id, startSec, onNextBar, velocity }) => {
      let startAt: number | undefined;
      if (onNextBar) {
        startAt = following.nextBarAt() ?? undefined;
        if (startAt === undefined) {
          throw new AppError(
            'UNAVAILABLE',
            'no clock is playing: there is no next bar to start on',
          );
        }
      }
      return player.play(id, startSec, startAt, velocity);
    },
    'player:toggle': () => player.toggle(),
    'player:stop': () => player.stop(),
    'player:seek': ({ seconds }) => player.seek(seconds),
    'player:set-loop': ({ loop }) => player.setLoop(loop),
    'player:set-volume': ({ db }) => player.setVolume(db),
    'player:set-auto-play': ({ autoPlay }) => player.setAutoPlay(autoPlay),
    'player:state': () => player.get(),
  };
}
