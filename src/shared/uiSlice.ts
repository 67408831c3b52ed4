/** The view's own state: the interface's language and the tab on show. */
import type { StateCreator } from 'zustand';
import type { Language } from './i18n';

export interface UiSlice {
  language: Language;
  tab: 'decision' | 'quality' | 'segments' | 'compare' | 'batch';
  setLanguage: (language: Language) => void;
  setTab: (tab: UiSlice['tab']) => void;
}

export const createUiSlice: StateCreator<UiSlice> = (set) => ({
  language: 'pt-BR',
  tab: 'decision',
  setLanguage: (language) => {
    set({ language });
  },
  setTab: (tab) => {
    set({ tab });
  },
});
