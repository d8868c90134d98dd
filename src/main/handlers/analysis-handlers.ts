import type { AnalysisProgress, analysisRequests } from '../../shared/contract';
import type { HandlersOf } from '../dispatcher';

const IDLE: AnalysisProgress = {
  active: false,
  done: 0,
  total: 0,
  failed: 0,
  current: null,
  paused: false,
};

/** Scaffold for issue 15's analysis service, which replaces it. */
export function analysisHandlers(): HandlersOf<typeof analysisRequests> {
  return {
    'analysis:state': () => IDLE,
    'analysis:start': () => IDLE,
    'analysis:cancel': () => IDLE,
    'analysis:prioritise': () => null,
    'analysis:similar': ({ path }) => ({ path, matches: [] }),
  };
}
