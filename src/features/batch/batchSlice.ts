/** The uploaded file's scoring: running, done, refused or failed, with its result. */
import type { FileProblem } from '../../core/records';
import type { SliceCreator } from '../../shared/appState';
import type { BatchResult } from '../inference/protocol';

declare module '../../shared/appState' {
  interface AppState extends BatchSlice {}
}

export interface BatchSlice {
  batch: {
    status: 'idle' | 'running' | 'done' | 'refused' | 'failed';
    fraction: number;
    rows: number;
    result: BatchResult | null;
    /** Why the file was refused as a whole (core's code), when status is 'refused'. */
    refusal: FileProblem | null;
    /** An infrastructure failure's message, when status is 'failed'. */
    error: string | null;
  };
  setBatch: (batch: Partial<BatchSlice['batch']>) => void;
}

export const createBatchSlice: SliceCreator<BatchSlice> = (set) => ({
  batch: { status: 'idle', fraction: 0, rows: 0, result: null, refusal: null, error: null },
  setBatch: (batch) => {
    set((state) => ({ batch: { ...state.batch, ...batch } }));
  },
});
