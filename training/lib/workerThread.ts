/** Starting a worker thread on one of training/lib's TypeScript entry files, and a thread's priority. */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
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

/**
 * Gives the calling thread the lowest scheduling priority (nice 19), so that its work only takes
 * CPU that other threads leave idle. Linux only (a thread's nice value is its own there, set by
 * its thread id); elsewhere, or where the system refuses, the thread keeps its priority and false
 * is returned.
 */
export function lowerThisThreadsPriority(): boolean {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isSafeInteger(threadId)) return false;
    setPriority(threadId, 19);
    return true;
  } catch {
    return false;
  }
}
