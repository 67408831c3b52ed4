/**
 * The offline copy. The service worker is registered once the app has started (its portfolio
 * scored, or its start failed), not at page load, so that it never competes with the start. It
 * precaches the app's code; the model's files go to a runtime cache (network first, see
 * vite.config.ts) that the page fills here with what its start has just fetched: the browser
 * answers those requests from its HTTP cache, so nothing is downloaded twice.
 */
import { APP_START_FILES } from '../core/modelFiles';

/** The runtime cache of the model's files (vite.config.ts routes /model/ to it). */
export const MODEL_CACHE = 'retem-model';

let registered = false;

/**
 * Registers `${base}sw.js` for `base` and, once it is ready, keeps the model's files of
 * `${base}model/` for offline starts. The first call only; production builds only (the dev server
 * has no service worker). Failures leave the app working online.
 */
export function registerServiceWorkerOnce(base: string): void {
  if (registered || !import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  registered = true;
  navigator.serviceWorker
    .register(`${base}sw.js`, { scope: base })
    .then(() => navigator.serviceWorker.ready)
    .then(async () => {
      const cache = await caches.open(MODEL_CACHE);
      // One by one: registry.json is absent from a model trained locally.
      await Promise.allSettled(APP_START_FILES.map((file) => cache.add(`${base}model/${file}`)));
    })
    .catch(() => {
      // No offline copy (a private window, a host without HTTPS): the app works all the same.
    });
}
