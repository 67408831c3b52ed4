/** Starting a worker thread on one of training/lib's TypeScript entry files. */
import { Worker } from 'node:worker_threads';

/**
 * A worker running `entry` (a URL, e.g. new URL('./towerWorker.ts', import.meta.url)), its
 * TypeScript loaded through tsx's loader as the CLI's own is.
 */
export function startWorker(entry: URL): Worker {
  const source = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(source, { eval: true });
}
