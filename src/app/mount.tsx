/** The app's React tree, mounted into the page once the entry has started inference. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { StoreContext } from '../shared/context';
import { ClientContext } from '../features/inference/clientContext';
import type { AppStore } from '../shared/appState';
import type { InferenceClient } from '../features/inference/client';
import { App } from './App';

/** Renders the app into `root` with its store and inference client. */
export function mountApp(root: HTMLElement, store: AppStore, client: InferenceClient): void {
  createRoot(root).render(
    <StrictMode>
      <StoreContext value={store}>
        <ClientContext value={client}>
          <App />
        </ClientContext>
      </StoreContext>
    </StrictMode>,
  );
}
