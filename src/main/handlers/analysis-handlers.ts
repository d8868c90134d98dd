import type { analysisRequests } from '../../shared/contract';
import type { AnalysisService } from '../analysis/analysis-service';
import type { HandlersOf } from '../dispatcher';

/** Find by sound: the background analysis's state and controls, and "find similar". */
export function analysisHandlers(analysis: AnalysisService): HandlersOf<typeof analysisRequests> {
  return {
    'analysis:state': () => analysis.state(),
    'analysis:start': () => analysis.start(),
    'analysis:cancel': () => analysis.cancel(),
    'analysis:prioritise': ({ paths }) => {
      analysis.prioritise(paths);
      return null;
    },
    'analysis:failures': ({ limit }) => {
      const failed = analysis.failed();
      return {
        total: failed.length,
        problems: failed.slice(0, limit).map(({ path, error }) => ({ path, reason: error })),
      };
    },
    'analysis:similar': ({ path, weights, limit }) => analysis.similarTo(path, weights, limit),
  };
}
