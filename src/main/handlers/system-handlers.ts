import { AppError } from '../../shared/app-error';
import type { systemRequests } from '../../shared/contract';
import type { HandlersOf } from '../dispatcher';
import type { SystemStatus } from '../system/system-status';

/** The system's status and notices, and the shell's native folder picker. */
export function systemHandlers(deps: {
  status: SystemStatus;
  /** RtMidi starts the first time anyone asks about the system (its status is part of it). */
  ensureMidi: () => Promise<void>;
  /** A native folder picker, where the shell has one (Electron). */
  pickFolders?: () => Promise<string[]>;
}): HandlersOf<typeof systemRequests> {
  const { status, ensureMidi, pickFolders } = deps;
  return {
    'system:info': async () => {
      await ensureMidi();
      return status.get();
    },
    'system:dismiss-notice': ({ id }) => status.dismiss(id),
    'dialog:pick-folders': () => {
      if (!pickFolders) {
        throw new AppError('UNAVAILABLE', 'no folder dialog in this shell: type the folder path');
      }
      return pickFolders();
    },
  };
}
