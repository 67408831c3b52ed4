/**
 * The tree member on a worker thread of its own: the fold models and the refit are the same trees,
 * to the bit, as boostFolds and refitTrees give on the calling thread; the refit boosts at the
 * thread's lowest priority; and a failure reaches the caller.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import type { ObliviousTrees } from '../../src/core/scoring';
import { refitTrees } from '../../training/lib/pipeline/refitTrees';
import { binMatrix } from '../../training/lib/treeBins';
import { startTreeMemberWorker } from '../../training/lib/treeMemberThread';
import { boostFolds, DEFAULT_TREE_MEMBER } from '../../training/lib/treeMember';

const rng = createRng(8);
const n = 800;
const width = 5;
const matrix = Float32Array.from({ length: n * width }, () => Math.round(rng.normal() * 4) / 2);
// Churn where column 1 is high and column 3 low, with noise.
const labels = Uint8Array.from({ length: n }, (_, i) =>
  (matrix[i * width + 1] ?? 0) - (matrix[i * width + 3] ?? 0) + rng.normal() > 1 ? 1 : 0,
);
const development = Uint32Array.from({ length: n }, (_, i) => i);
const bins = binMatrix(matrix, width, [0, 1, 2, 3, 4], development, 16);
// Three folds: each holds out every third row.
const folds = [0, 1, 2].map((fold) => ({
  train: development.filter((row) => row % 3 !== fold),
  held: development.filter((row) => row % 3 === fold),
}));
const boosting = { ...DEFAULT_TREE_MEMBER.boosting, maxTrees: 40 };
const job = { bins, labels, folds, boosting, seed: 11 };

function expectSameTrees(actual: ObliviousTrees | undefined, expected: ObliviousTrees | undefined) {
  expect(actual?.depth).toBe(expected?.depth);
  expect(actual?.bias).toBe(expected?.bias);
  expect(Array.from(actual?.columns ?? [])).toEqual(Array.from(expected?.columns ?? []));
  expect(Array.from(actual?.thresholds ?? [])).toEqual(Array.from(expected?.thresholds ?? []));
  expect(Array.from(actual?.leaves ?? [])).toEqual(Array.from(expected?.leaves ?? []));
  expect(actual?.leaves.length).toBeGreaterThan(0);
}

describe('the tree member on a worker thread', () => {
  it('boosts the fold models boostFolds grows here, to the bit', async () => {
    const here = await boostFolds(bins, labels, folds, boosting, 11);
    const worker = startTreeMemberWorker(job);
    try {
      const there = await worker.folds;
      expect(there).toHaveLength(3);
      there.forEach((model, fold) => {
        expectSameTrees(model, here[fold]);
      });
    } finally {
      await worker.close();
    }
  });

  const options = { boosting, seed: 11, folds: folds.length };

  it('then refits the member refitTrees gives here, to the bit', async () => {
    const here = await refitTrees(30, bins, labels, development, options);
    const worker = startTreeMemberWorker(job);
    try {
      await worker.folds;
      expectSameTrees(await worker.refit({ trees: 30, development, options }), here);
    } finally {
      await worker.close();
    }
  });

  it('drops a refit still running when it is closed, and refuses one asked after', async () => {
    const worker = startTreeMemberWorker(job);
    await worker.folds;
    const dropped = expect(worker.refit({ trees: 1000, development, options })).rejects.toThrow(
      /closed before it answered/,
    );
    await worker.close();
    await dropped;
    await expect(worker.refit({ trees: 5, development, options })).rejects.toThrow(
      /closed before it answered/,
    );
  });

  it('refuses a second refit rather than answering the wrong one', async () => {
    const worker = startTreeMemberWorker(job);
    try {
      await worker.folds;
      const first = worker.refit({ trees: 10, development, options });
      await expect(worker.refit({ trees: 20, development, options })).rejects.toThrow(
        /already asked/,
      );
      expect((await first).leaves.length).toBe(10 * 2 ** (await first).depth);
    } finally {
      await worker.close();
    }
  });

  it('rejects when the worker cannot boost what it is sent', async () => {
    // Labels that cannot be cloned to the worker: the post itself fails.
    const worker = startTreeMemberWorker({ ...job, labels: (() => 1) as unknown as Uint8Array });
    try {
      await expect(worker.folds).rejects.toThrow();
    } finally {
      await worker.close();
    }
  });
});

describe('a thread’s lowered priority', () => {
  // A thread's nice value is its own on Linux alone.
  it.runIf(process.platform === 'linux')(
    'is the lowest, nice 19, for that thread alone',
    async () => {
      const { getPriority } = await import('node:os');
      const before = getPriority();
      const module = new URL('../../training/lib/workerThread.ts', import.meta.url).href;
      const source = `
      const { parentPort } = require('node:worker_threads');
      const { getPriority } = require('node:os');
      import('tsx/esm/api')
        .then(({ register }) => { register(); return import(${JSON.stringify(module)}); })
        .then((m) => parentPort.postMessage({ lowered: m.lowerThisThreadsPriority(), nice: getPriority() }));
    `;
      const worker = new Worker(source, { eval: true });
      try {
        const answer = await new Promise<{ lowered: boolean; nice: number }>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
        expect(answer).toEqual({ lowered: true, nice: 19 });
      } finally {
        await worker.terminate();
      }
      expect(getPriority()).toBe(before);
    },
  );
});
