/**
 * Worker shell: boosts the fold models of the oblivious tree member it is sent and posts them;
 * asked for the refit after that, boosts it at the lowest priority the system grants this thread.
 */
import { parentPort } from 'node:worker_threads';
import { boostFolds } from './treeMember';
import { refitTrees } from './pipeline/refitTrees';
import type { TreeFoldsJob, TreeWorkerMessage, TreeWorkerRequest } from './treeMemberProtocol';
import { lowerThisThreadsPriority } from './workerThread';

const port = parentPort;
if (port !== null) {
  let folds: TreeFoldsJob | null = null;
  const post = (message: TreeWorkerMessage) => {
    port.postMessage(message);
  };
  const fail = (error: unknown) => {
    post({ type: 'error', message: String(error) });
  };
  port.on('message', (request: TreeWorkerRequest) => {
    if (request.type === 'folds') {
      const job = request.job;
      folds = job;
      boostFolds(job.bins, job.labels, job.folds, job.boosting, job.seed)
        .then((models) => {
          post({ type: 'folds', models });
        })
        .catch(fail);
      return;
    }
    if (folds === null) {
      fail(new Error('the refit was asked for before the fold models'));
      return;
    }
    const { trees, development, options } = request.job;
    lowerThisThreadsPriority();
    refitTrees(trees, folds.bins, folds.labels, development, options)
      .then((model) => {
        post({ type: 'refit', model });
      })
      .catch(fail);
  });
}
