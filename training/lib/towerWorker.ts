/** Worker shell: trains the towers it is sent, one at a time, and posts progress and weights. */
import { parentPort } from 'node:worker_threads';
import { initTensorflow } from './tfNode';
import { runTowerJob } from './towers';
import type { TowerJob, WorkerMessage } from './towerProtocol';

const port = parentPort;
if (port !== null) {
  port.on('message', (job: TowerJob) => {
    const post = (message: WorkerMessage) => {
      port.postMessage(message);
    };
    initTensorflow()
      .then((backend) =>
        runTowerJob(job, backend, (log) => {
          post({ type: 'epoch', tower: job.tower, log });
        }),
      )
      .then((outcome) => {
        post({ type: 'done', outcome });
      })
      .catch((error: unknown) => {
        post({ type: 'error', tower: job.tower, message: String(error) });
      });
  });
}
