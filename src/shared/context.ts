/** The store and the inference client, handed down through React context. */
import { createContext, useContext, useMemo } from 'react';
import { useStore } from 'zustand';
import type { InferenceClient } from '../features/inference/client';
import { translate, type MessageKey } from './i18n';
import type { AppliedRule } from '../core/decision';
import { decisionRuleOf, type AppState, type AppStore } from './store';

export const StoreContext = createContext<AppStore | null>(null);
export const ClientContext = createContext<InferenceClient | null>(null);

export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('useAppStore outside <StoreContext>');
  return useStore(store, selector);
}

export function useClient(): InferenceClient | null {
  return useContext(ClientContext);
}

/** t(key, params) in the current language. */
export function useT(): (key: MessageKey, params?: Record<string, string | number>) => string {
  const language = useAppStore((s) => s.language);
  return (key, params) => translate(language, key, params);
}

/** The decision rule in force: its threshold, basis, capacity limit and portfolio figures. */
export function useDecisionRule(): AppliedRule {
  const handThreshold = useAppStore((s) => s.handThreshold);
  const payoffs = useAppStore((s) => s.payoffs);
  const capacity = useAppStore((s) => s.capacity);
  const snapshot = useAppStore((s) => s.snapshot);
  return useMemo(
    () => decisionRuleOf({ handThreshold, payoffs, capacity, snapshot }),
    [handThreshold, payoffs, capacity, snapshot],
  );
}
