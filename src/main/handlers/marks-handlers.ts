import { AppError } from '../../shared/app-error';
import type { marksRequests } from '../../shared/contract';
import type { HandlersOf } from '../dispatcher';

// Scaffolding while issue 13 is built: replaced by the real handlers before it lands.
function notBuilt(channel: string): never {
  throw new AppError('UNAVAILABLE', `${channel} is not built yet`);
}

/** Marks, tags and collections. */
export function marksHandlers(): HandlersOf<typeof marksRequests> {
  return {
    'marks:state': () => notBuilt('marks:state'),
    'marks:set': () => notBuilt('marks:set'),
    'marks:tag': () => notBuilt('marks:tag'),
    'tags:rename': () => notBuilt('tags:rename'),
    'tags:merge': () => notBuilt('tags:merge'),
    'tags:delete': () => notBuilt('tags:delete'),
    'collections:create': () => notBuilt('collections:create'),
    'collections:rename': () => notBuilt('collections:rename'),
    'collections:delete': () => notBuilt('collections:delete'),
    'collections:add': () => notBuilt('collections:add'),
    'collections:remove': () => notBuilt('collections:remove'),
    'marks:export': () => notBuilt('marks:export'),
    'marks:import': () => notBuilt('marks:import'),
    'marks:restore-backup': () => notBuilt('marks:restore-backup'),
  };
}
