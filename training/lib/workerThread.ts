/** Starting a worker thread on one of training/lib's TypeScript entry files. */
import { Worker } from 'node:worker_threads';

/**
 * A worker running `entry` (a URL, e.g. new URL('./towerWorker.ts', import.meta.url)), its
 * TypeScript loaded through tsx's loader as the CLI's own is. An entry that does not exist makes
 * the worker emit 'error'.
 */
export function startWorker(entry: URL): Worker {
  const source = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(source, { eval: true });
}

/**
 * Calls `fail` when the worker exits before `settled()` says its work is done (a crash that posts
 * nothing), so that nobody waits for it for ever.
 */
export function failOnEarlyExit(
  worker: Worker,
  settled: () => boolean,
  fail: (error: Error) => void,
): void {
  worker.on('exit', (code) => {
    if (!settled())
      fail(new Error(`a worker thread exited (code ${code}) before its work was done`));
  });
}
