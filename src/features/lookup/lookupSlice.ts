/** The customer lookup's state: the answer shown, and whether one is on its way. */
import type { SliceCreator } from '../../shared/appState';
import type { LookupResult } from '../inference/protocol';

declare module '../../shared/appState' {
  interface AppState extends LookupSlice {}
}

export interface LookupSlice {
  lookup: { pending: boolean; result: LookupResult | null };
  setLookup: (lookup: { pending: boolean; result: LookupResult | null }) => void;
}

export const createLookupSlice: SliceCreator<LookupSlice> = (set) => ({
  lookup: { pending: false, result: null },
  setLookup: (lookup) => {
    set({ lookup });
  },
});
