/**
 * The offline copy. The service worker is registered once the app has started (its portfolio
 * scored, or its start failed), not at page load, so that it never competes with the start. It
 * precaches the app's code; the model's files and the portfolio's manifest go to runtime caches
 * (network first, see vite.config.ts) that the page fills here with what its start has just
 * fetched: the browser answers those requests from its HTTP cache, so nothing is downloaded twice.
 * The portfolio itself is in IndexedDB.
 */
import { APP_START_FILES, OUT_OF_SAMPLE_FILE, REGISTRY_FILE } from '../core/modelFiles';
import { manifestPathOf } from '../core/snapshot';
import { MODEL_CACHE, PORTFOLIO_CACHE } from './cacheNames';
import { SHIPPED } from './shippedFiles';

let registered = false;

/**
 * The files a start reads that this build ships, with the out-of-sample rows the view fetches
 * right after it, as URLs under `base`.
 */
function startFiles(base: string): { model: string[]; portfolio: string[] } {
  const model = [
    ...APP_START_FILES.filter((file) => file !== REGISTRY_FILE || SHIPPED.registry),
    ...(SHIPPED.outOfSample ? [OUT_OF_SAMPLE_FILE] : []),
  ];
  return {
    model: model.map((file) => `${base}model/${file}`),
    portfolio: SHIPPED.portfolioManifest
      ? [manifestPathOf(`${base}snapshot/customers.snapshot`)]
      : [],
  };
}

/**
 * Registers `${base}sw.js` for `base` and, once it is ready, keeps the files a start reads for
 * offline starts; then calls `onOfflineReady`: a reload starts without the network from here on.
 * The first call only; production builds only (the dev server has no service worker). Failures
 * leave the app working online, and onOfflineReady uncalled.
 */
export function registerServiceWorkerOnce(base: string, onOfflineReady: () => void): void {
  if (registered || !import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  registered = true;
  const files = startFiles(base);
  navigator.serviceWorker
    .register(`${base}sw.js`, { scope: base })
    .then(() => navigator.serviceWorker.ready)
    .then(async () => {
      const [model, portfolio] = await Promise.all([
        caches.open(MODEL_CACHE),
        caches.open(PORTFOLIO_CACHE),
      ]);
      await Promise.all([model.addAll(files.model), portfolio.addAll(files.portfolio)]);
      onOfflineReady();
    })
    .catch(() => {
      // No offline copy (a private window, a host without HTTPS): the app works all the same.
    });
}
