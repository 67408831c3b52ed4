/**
 * Entry: the store (seeded from the URL) and the inference client first, so that the worker starts
 * loading the model while the browser still fetches and runs React and the app (a chunk of their
 * own, mounted once here).
 */
import { createAppStore } from './app/store';
import { readSharedView } from './shared/urlState';
import { InferenceClient } from './features/inference/client';
import { loadOutOfSampleRows } from './features/inference/outOfSampleSource';
import type { ModelFigures } from './core/modelFiles';
import { registerServiceWorkerOnce } from './shared/serviceWorker';
import './styles.css';
import './styles/layout.css';
import './styles/answer.css';
import './styles/charts.css';
import './styles/report.css';
import './styles/panels.css';

const store = createAppStore();
const shared = readSharedView(window.location.hash);
if (shared.threshold !== undefined) store.getState().setHandThreshold(shared.threshold);
for (const [key, value] of Object.entries(shared.payoffs ?? {})) {
  store.getState().setPayoff(key as 'tp' | 'fp' | 'fn' | 'tn', value);
}
if (shared.capacity !== undefined) store.getState().setCapacity(shared.capacity);
if (shared.language !== undefined) store.getState().setLanguage(shared.language);

const base = import.meta.env.BASE_URL;
/** Fetches the out-of-sample rows of the model whose figures are `metrics`, into the store. */
function fetchOutOfSampleRows(metrics: ModelFigures): void {
  void loadOutOfSampleRows(`${base}model/`, metrics).then((read) => {
    store.getState().setOutOfSampleRows(metrics.schemaHash, read);
  });
}
/** The last fetch of the rows failed on the way (the network, the server): worth another try. */
function rowsUnreachable(): boolean {
  const { outOfSample } = store.getState();
  return outOfSample.status === 'unavailable' && outOfSample.problem.code === 'unreachable';
}
const client = new InferenceClient((event) => {
  const state = store.getState();
  if (event.kind === 'progress') state.setProgress(event.stage, event.fraction);
  else if (event.kind === 'lookups-open') state.setLookupsOpen(event.idKind);
  else if (event.kind === 'ready') {
    // The rows the figures were measured on follow the start, unless metrics.json held them;
    // asked again on a later answer, or when the browser is back online, after a failed fetch.
    const asked = state.metrics?.schemaHash !== event.metrics.schemaHash || rowsUnreachable();
    state.setReady(event, client.mode);
    if (asked && event.inlineRows === null) fetchOutOfSampleRows(event.metrics);
  } else if (event.kind === 'failed')
    state.setFailed(event.message, event.modelProblem ?? null, event.storageFull === true);
  if (event.kind === 'ready' || event.kind === 'failed')
    registerServiceWorkerOnce(base, () => {
      store.getState().setOfflineReady();
    });
});
window.addEventListener('online', () => {
  const { metrics } = store.getState();
  if (metrics !== null && rowsUnreachable()) fetchOutOfSampleRows(metrics);
});
// Ask the browser to keep the installed portfolio under storage pressure (it may say no).
// navigator.storage is absent on pages not served securely (http other than localhost).
const storageManager = navigator.storage as StorageManager | undefined;
if (storageManager !== undefined) {
  storageManager
    .persist()
    .then((persistent) => {
      store.getState().setPersistentStorage(persistent);
    })
    .catch(() => {
      store.getState().setPersistentStorage(false);
    });
}
client.start(`${base}model/`, `${base}snapshot/customers.snapshot`);
// A hook for the benchmark's timings, in development and benchmark builds only (`--mode bench`).
if (import.meta.env.DEV || import.meta.env.MODE === 'bench') {
  Object.assign(window, { __retem: { store, client } });
}

const root = document.getElementById('root');
if (root !== null) {
  void import('./app/mount').then(({ mountApp }) => {
    mountApp(root, store, client);
  });
}
