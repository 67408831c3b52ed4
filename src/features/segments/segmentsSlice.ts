/** The model's segments file as the view has it, and the column that segments the view. */
import type { Result } from '../../core/result';
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
  /** The file is on its way. */
  segmentsAsked: () => void;
  /** The file of the model whose schema hash is given, read; ignored once another model answers. */
  segmentsRead: (schemaHash: string, read: Result<SegmentData, SegmentsProblem>) => void;
  /** After a fetch that failed on the way: ask again. */
  segmentsRetried: () => void;
  setSegmentColumn: (column: number) => void;
}

export const createSegmentsSlice: SliceCreator<SegmentsSlice> = (set, get) => ({
  segments: { status: 'idle' },
  segmentColumn: 0,
  segmentsAsked: () => {
    set({ segments: { status: 'loading' } });
  },
  segmentsRead: (schemaHash, read) => {
    const { metrics, segments } = get();
    if (metrics?.schemaHash !== schemaHash || segments.status !== 'loading') return;
    set({
      segments: read.ok
        ? { status: 'ready', data: read.value }
        : { status: 'unavailable', problem: read.problem },
    });
  },
  segmentsRetried: () => {
    const { segments } = get();
    if (segments.status === 'unavailable' && segments.problem.code === 'unreachable')
      set({ segments: { status: 'idle' } });
  },
  setSegmentColumn: (column) => {
    set({ segmentColumn: column });
  },
});
