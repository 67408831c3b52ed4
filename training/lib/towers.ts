/**
 * Trains the ensemble's towers, in parallel worker threads when more than one core is asked for.
 * Each tower is seeded on its own, so the result does not depend on how towers meet workers.
 */
import type { CenteredRows } from '../../src/core/scoring';
import { trainTower, type EpochLog } from './towerTraining';
import { initTensorflow } from './tfNode';
import { failOnEarlyExit, startWorker } from './workerThread';
import type { TowerJob, TowerOutcome, WorkerMessage } from './towerProtocol';

/** Runs one job in this thread. */
export async function runTowerJob(
  job: TowerJob,
  backend: string,
  onEpoch: (log: EpochLog) => void,
): Promise<TowerOutcome> {
  const trained = await trainTower(
    {
      matrix: job.matrix,
      width: job.width,
      centered: job.centered,
      labels: job.labels,
      teacherLogits: job.teacherLogits,
    },
    { train: job.trainRows, validation: job.validationRows },
    job.options,
    onEpoch,
  );
  return {
    tower: job.tower,
    weights: trained.weights,
    bestEpoch: trained.bestEpoch,
    history: trained.history,
    validationScores: trained.validationScores,
    loops: trained.loops,
    backend,
  };
}

/** Copies a matrix into shared memory so that every worker reads the same bytes. */
export function toSharedMatrix(matrix: Float32Array): Float32Array {
  const shared = new Float32Array(new SharedArrayBuffer(matrix.byteLength));
  shared.set(matrix);
  return shared;
}

/** Sparse rows in shared memory, so that every worker reads the same bytes. */
export function toSharedCenteredRows(rows: CenteredRows): CenteredRows {
  const sharedIndices = (array: Uint32Array) => {
    const shared = new Uint32Array(new SharedArrayBuffer(array.byteLength));
    shared.set(array);
    return shared;
  };
  return {
    width: rows.width,
    centre: toSharedMatrix(rows.centre),
    rowStart: sharedIndices(rows.rowStart),
    column: sharedIndices(rows.column),
    deviation: toSharedMatrix(rows.deviation),
  };
}

/**
 * One tower to train: its rows (early stopping on validationRows), its options and, when it
 * learns from a teacher, a promise of the teacher's logits (the tower waits for them to start).
 */
export type TowerTask = Pick<TowerJob, 'trainRows' | 'validationRows' | 'options'> & {
  readonly teacherLogits?: Promise<Float32Array> | undefined;
};

/**
 * Trains every tower, outcomes in task order; `threads` ≤ 1 trains them here one after another.
 * Throws when a tower fails (an infrastructure failure: the data were already checked).
 */
export async function trainTowers(
  data: Pick<TowerJob, 'matrix' | 'width' | 'centered' | 'labels'>,
  tasks: readonly TowerTask[],
  threads: number,
  onEpoch: (tower: number, log: EpochLog) => void,
): Promise<TowerOutcome[]> {
  const jobOf = async (tower: number): Promise<TowerJob> => {
    const { teacherLogits, ...task } = tasks[tower] as TowerTask;
    return {
      ...data,
      ...task,
      tower,
      teacherLogits: teacherLogits === undefined ? undefined : await teacherLogits,
    };
  };
  const order = tasks.map((_, tower) => tower);
  if (threads <= 1 || tasks.length <= 1) {
    const backend = await initTensorflow();
    const outcomes: TowerOutcome[] = [];
    for (const tower of order) {
      const job = await jobOf(tower);
      outcomes.push(
        await runTowerJob(job, backend, (log) => {
          onEpoch(job.tower, log);
        }),
      );
    }
    return outcomes;
  }
  const queue = [...order];
  const outcomes: TowerOutcome[] = [];
  const workerCount = Math.min(threads, tasks.length);
  const workers = Array.from({ length: workerCount }, () =>
    startWorker(new URL('./towerWorker.ts', import.meta.url)),
  );
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let done = false;
            const next = () => {
              const tower = queue.shift();
              if (tower === undefined) {
                done = true;
                resolve();
                return;
              }
              jobOf(tower).then((job) => {
                worker.postMessage(job);
              }, reject);
            };
            worker.on('message', (message: WorkerMessage) => {
              if (message.type === 'epoch') onEpoch(message.tower, message.log);
              else if (message.type === 'done') {
                outcomes.push(message.outcome);
                next();
              } else reject(new Error(`tower ${message.tower} failed: ${message.message}`));
            });
            worker.on('error', reject);
            failOnEarlyExit(worker, () => done, reject);
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return outcomes.sort((a, b) => a.tower - b.tower);
}
