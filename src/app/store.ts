/** The app's store, composed from the features' slices and the view's own. */
import { create } from 'zustand';
import type { AppState } from '../shared/appState';
import { createUiSlice } from '../shared/uiSlice';
import { createBatchSlice } from '../features/batch/batchSlice';
import { createChallengerSlice } from '../features/compare/challengerSlice';
import { createDecisionSlice } from '../features/decision/decisionSlice';
import { createSessionSlice } from '../features/inference/sessionSlice';
import { createLookupSlice } from '../features/lookup/lookupSlice';
import { createSegmentsSlice } from '../features/segments/segmentsSlice';

/** Creates a store; the app makes one, tests make their own. */
export function createAppStore() {
  return create<AppState>()((...args) => ({
    ...createSessionSlice(...args),
    ...createDecisionSlice(...args),
    ...createLookupSlice(...args),
    ...createBatchSlice(...args),
    ...createSegmentsSlice(...args),
    ...createChallengerSlice(...args),
    ...createUiSlice(...args),
  }));
}
