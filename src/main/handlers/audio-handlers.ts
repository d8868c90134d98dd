import { AppError } from '../../shared/app-error';
import type { audioRequests } from '../../shared/contract';
import type { AudioOutput } from '../audio/audio-output';
import type { HandlersOf } from '../dispatcher';

/** The audio output: the devices found, the choice. */
export function audioHandlers(output: AudioOutput): HandlersOf<typeof audioRequests> {
  return {
    'audio:devices': () => output.devices(),
    'audio:set-device': ({ id }) => {
      if (id !== null && !output.get().canChoose) {
        throw new AppError(
          'UNAVAILABLE',
          `cannot choose '${id}': on this system Sampledeck plays through the default output`,
        );
      }
      return output.choose(id);
    },
  };
}
