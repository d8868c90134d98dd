import type { marksRequests } from '../../shared/contract';
import type { HandlersOf } from '../dispatcher';
import type { MarksService } from '../marks/marks-service';

/** Marks, tags and collections. */
export function marksHandlers(marks: MarksService): HandlersOf<typeof marksRequests> {
  return {
    'marks:state': () => marks.loadedState(),
    'marks:set': (args) => marks.set(args),
    'marks:tag': (args) => marks.tag(args),
    'tags:rename': ({ from, to }) => marks.renameTag(from, to),
    'tags:merge': ({ from, into }) => marks.mergeTags(from, into),
    'tags:delete': ({ name }) => marks.deleteTag(name),
    'collections:create': ({ name, ids }) => marks.createCollection(name, ids),
    'collections:rename': ({ id, name }) => marks.renameCollection(id, name),
    'collections:delete': ({ id }) => marks.deleteCollection(id),
    'collections:add': ({ id, ids, index }) => marks.addToCollection(id, ids, index),
    'collections:remove': ({ id, ids }) => marks.removeFromCollection(id, ids),
    'marks:export': () => marks.exportData(),
    'marks:import': ({ data, mode }) => marks.importData(data, mode),
    'marks:restore-backup': ({ name }) => marks.restoreBackup(name),
  };
}
