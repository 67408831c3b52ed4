/** The store, handed down through React context, and the hooks that read it. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { translate, type MessageKey } from './i18n';
import type { AppState, AppStore } from './appState';

export const StoreContext = createContext<AppStore | null>(null);

export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('useAppStore outside <StoreContext>');
  return useStore(store, selector);
}

/** t(key, params) in the current language. */
export function useT(): (key: MessageKey, params?: Record<string, string | number>) => string {
  const language = useAppStore((s) => s.language);
  return (key, params) => translate(language, key, params);
}
