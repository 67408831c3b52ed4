/**
 * The oblivious tree member's fold models boosted on a worker thread of their own, so that they
 * train beside the teachers (this thread) and the towers (their workers) instead of after the
 * teachers. The same code as boostFolds on this thread, so the same trees to the bit.
 */
import type { ObliviousTrees } from '../../src/core/scoring';
import type { TreeFoldsJob, TreeWorkerMessage } from './treeFoldsProtocol';
import { failOnEarlyExit, startWorker } from './workerThread';

/**
 * boostFolds(job…) on a new worker thread, which ends with it. Rejects when the worker fails (an
 * infrastructure failure: the data were already checked).
 */
export async function boostFoldsOnWorker(job: TreeFoldsJob): Promise<ObliviousTrees[]> {
  const worker = startWorker(new URL('./treeWorker.ts', import.meta.url));
  try {
    return await new Promise<ObliviousTrees[]>((resolve, reject) => {
      let settled = false;
      worker.on('message', (message: TreeWorkerMessage) => {
        settled = true;
        if (message.type === 'done') resolve(message.models);
        else reject(new Error(`the tree member's folds failed: ${message.message}`));
      });
      worker.on('error', reject);
      failOnEarlyExit(worker, () => settled, reject);
      worker.postMessage(job);
    });
  } finally {
    await worker.terminate();
  }
}
