import { join } from 'node:path';
import type { AnalysisProgress } from '../../shared/contract';
import type { LibraryService } from '../library/library-service';
import type { WorkerPool } from '../workers/worker-pool';
import { AnalysisDbClient } from './analysis-db-client';
import { AnalysisService, type AnalysableFile } from './analysis-service';
import type { SimilarityFinder } from './similarity';
import { SimilarityIndex } from './similarity-index';

export interface CreateAnalysisOptions {
  pool: WorkerPool;
  /** out/main/analysis-worker.js: analysis.db's thread. */
  workerPath: string;
  userDataDir: string;
  /** The library (late-bound: it is built after the service, and tells it of its changes). */
  library: () => LibraryService;
  /** Default: a new SimilarityIndex. */
  finder?: SimilarityFinder;
  onProgress: (progress: AnalysisProgress) => void;
  onNotice: (message: string) => void;
  log: (message: string) => void;
}

/** The core's background analysis: analysis.db on its own thread, tasks on the file workers. */
export function createAnalysis(options: CreateAnalysisOptions): AnalysisService {
  const file = join(options.userDataDir, 'analysis.db');
  return new AnalysisService({
    pool: options.pool,
    store: new AnalysisDbClient(options.workerPath, { file }),
    finder: options.finder ?? new SimilarityIndex(),
    files: () => analysableFiles(options.library()),
    onProgress: options.onProgress,
    onNotice: options.onNotice,
    log: options.log,
  });
}

/** The library's files the analysis can read: the playable ones. */
function* analysableFiles(library: LibraryService): Iterable<AnalysableFile> {
  for (const { file } of library.index.entries()) if (file.playable) yield file;
}
