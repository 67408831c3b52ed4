/** Worker shell: boosts the fold models of the oblivious tree member it is sent, and posts them. */
import { parentPort } from 'node:worker_threads';
import { boostFolds } from './treeMember';
import type { TreeFoldsJob, TreeWorkerMessage } from './treeFoldsProtocol';

const port = parentPort;
if (port !== null) {
  port.on('message', (job: TreeFoldsJob) => {
    const post = (message: TreeWorkerMessage) => {
      port.postMessage(message);
    };
    boostFolds(job.bins, job.labels, job.folds, job.boosting, job.seed)
      .then((models) => {
        post({ type: 'done', models });
      })
      .catch((error: unknown) => {
        post({ type: 'error', message: String(error) });
      });
  });
}
