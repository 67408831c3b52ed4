/**
 * The inference host on the main thread, for browsers without module workers: a chunk of its own,
 * fetched only there (vite.config.ts leaves it out of the offline precache).
 */
export { createInferenceHost } from './worker/dispatcher';
