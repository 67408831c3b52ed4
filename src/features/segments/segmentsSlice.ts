/** The model's segments file as the view has it, and the column that segments the view. */
import type { SegmentData } from '../../core/segments';
import type { SliceCreator } from '../../shared/appState';
import type { SegmentsProblem } from './segmentsSource';

declare module '../../shared/appState' {
  interface AppState extends SegmentsSlice {}
}

export interface SegmentsSlice {
  /** The model's segments file: not asked yet, on its way, read, or why there is none. */
  segments:
    | { status: 'idle' | 'loading' }
    | { status: 'ready'; data: SegmentData }
    | { status: 'unavailable'; problem: SegmentsProblem };
  /** Which of its columns segments the view. */
  segmentColumn: number;
  setSegments: (segments: SegmentsSlice['segments']) => void;
  setSegmentColumn: (column: number) => void;
}

export const createSegmentsSlice: SliceCreator<SegmentsSlice> = (set) => ({
  segments: { status: 'idle' },
  segmentColumn: 0,
  setSegments: (segments) => {
    set({ segments });
  },
  setSegmentColumn: (column) => {
    set({ segmentColumn: column });
  },
});
