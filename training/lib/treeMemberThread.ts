/**
 * The oblivious tree member on a worker thread of its own: its fold models boost there from the
 * start, beside the teachers (this thread) and the towers (their workers), instead of after the
 * teachers; and the refit on every development row, asked for as soon as the fold models are
 * back, boosts there at the lowest priority, so that it takes the CPU the towers leave idle (the
 * last tower running alone, the out-of-fold scoring) rather than waiting for the towers to end.
 * The same code as boostFolds and refitTrees on this thread, so the same trees to the bit.
 */
import type { ObliviousTrees } from '../../src/core/scoring';
import type {
  TreeFoldsJob,
  TreeRefitJob,
  TreeWorkerMessage,
  TreeWorkerRequest,
} from './treeMemberProtocol';
import { startWorker } from './workerThread';

export interface TreeMemberWorker {
  /** boostFolds(job…), from the worker. */
  readonly folds: Promise<ObliviousTrees[]>;
  /**
   * refitTrees(job.trees, the folds job's bins and labels, job.development, job.options), from the
   * worker at its lowest priority. Asked once, after `folds` has resolved; a second request, or
   * one after the worker ended, rejects at once.
   */
  refit(job: TreeRefitJob): Promise<ObliviousTrees>;
  /** Ends the worker; a refit still running is dropped (its promise rejects). Again: nothing. */
  close(): Promise<void>;
}

interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/**
 * Starts the worker on `job`. Its promises reject when the worker fails or exits before
 * answering (an infrastructure failure: the data were already checked).
 */
export function startTreeMemberWorker(job: TreeFoldsJob): TreeMemberWorker {
  const worker = startWorker(new URL('./treeWorker.ts', import.meta.url));
  let foldsPending: Pending<ObliviousTrees[]> | null = null;
  let refitPending: Pending<ObliviousTrees> | null = null;
  let refitAsked = false;
  let ended: Error | null = null;
  const failAll = (error: Error) => {
    foldsPending?.reject(error);
    refitPending?.reject(error);
    foldsPending = null;
    refitPending = null;
  };
  const folds = new Promise<ObliviousTrees[]>((resolve, reject) => {
    foldsPending = { resolve, reject };
  });
  worker.on('message', (message: TreeWorkerMessage) => {
    if (message.type === 'folds') {
      foldsPending?.resolve(message.models);
      foldsPending = null;
    } else if (message.type === 'refit') {
      refitPending?.resolve(message.model);
      refitPending = null;
    } else failAll(new Error(`the tree member's worker failed: ${message.message}`));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    ended ??= new Error(`the tree member's worker exited (code ${code}) before its work was done`);
    failAll(ended);
  });
  const post = (request: TreeWorkerRequest) => {
    try {
      worker.postMessage(request);
    } catch (error) {
      failAll(error instanceof Error ? error : new Error(String(error)));
    }
  };
  post({ type: 'folds', job });
  return {
    folds,
    refit: (refitJob) => {
      if (ended !== null) return Promise.reject(ended);
      if (refitAsked) return Promise.reject(new Error('the refit was already asked for'));
      refitAsked = true;
      const refitted = new Promise<ObliviousTrees>((resolve, reject) => {
        refitPending = { resolve, reject };
      });
      post({ type: 'refit', job: refitJob });
      return refitted;
    },
    close: async () => {
      ended ??= new Error("the tree member's worker was closed before it answered");
      failAll(ended);
      await worker.terminate();
    },
  };
}
