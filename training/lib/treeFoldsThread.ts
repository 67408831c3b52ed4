/**
 * The oblivious tree member on a worker thread of its own: its fold models boost there from the
 * start, beside the teachers (this thread) and the towers (their workers), instead of after the
 * teachers; and the refit on every development row, asked for as soon as the fold models are
 * back, boosts there at the lowest priority, so that it takes only the CPU the towers leave idle
 * (the last tower running alone, the out-of-fold scoring) rather than waiting for the towers to
 * end. The same code as boostFolds and refitTrees on this thread, so the same trees to the bit.
 */
import type { ObliviousTrees } from '../../src/core/scoring';
import type { TreeFoldsJob, TreeWorkerMessage, TreeWorkerRequest } from './treeFoldsProtocol';
import { startWorker } from './workerThread';

export interface TreeFoldsWorker {
  /** boostFolds(job…), from the worker. */
  readonly folds: Promise<ObliviousTrees[]>;
  /**
   * refitTrees(trees, job's bins and labels, development, job's options), from the worker at its
   * lowest priority; asked at most once, after `folds` has resolved.
   */
  refit(trees: number, development: Uint32Array): Promise<ObliviousTrees>;
  /** Ends the worker; a refit still running is dropped (its promise rejects). */
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
export function startTreeFoldsWorker(job: TreeFoldsJob): TreeFoldsWorker {
  const worker = startWorker(new URL('./treeWorker.ts', import.meta.url));
  let foldsPending: Pending<ObliviousTrees[]> | null = null;
  let refitPending: Pending<ObliviousTrees> | null = null;
  let closed = false;
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
    failAll(
      new Error(
        closed
          ? "the tree member's worker was closed before it answered"
          : `the tree member's worker exited (code ${code}) before its work was done`,
      ),
    );
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
    refit: (trees, development) => {
      const refitted = new Promise<ObliviousTrees>((resolve, reject) => {
        refitPending = { resolve, reject };
      });
      post({ type: 'refit', trees, development });
      return refitted;
    },
    close: async () => {
      closed = true;
      await worker.terminate();
    },
  };
}
