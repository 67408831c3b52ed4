/** A second model to compare with the one that answers: none, loading, ready or refused. */
import type { ModelMetrics } from '../../core/modelFiles';
import type { HeaderProblem } from '../../core/records';
import type { SliceCreator } from '../../shared/appState';
import type { ChallengerProblem } from '../inference/challenger';

declare module '../../shared/appState' {
  interface AppState extends ChallengerSlice {}
}

export interface ChallengerSlice {
  /** A second model to compare with the one that answers. */
  challenger:
    | { status: 'none' | 'loading' }
    | {
        status: 'ready';
        source: 'bundled' | 'disk';
        metrics: ModelMetrics;
        /** Its probabilities of the portfolio's customers, in the champion's order. */
        portfolio: Float32Array | null;
        portfolioProblem: HeaderProblem | null;
      }
    | { status: 'failed'; problem: ChallengerProblem };
  setChallenger: (challenger: ChallengerSlice['challenger']) => void;
}

export const createChallengerSlice: SliceCreator<ChallengerSlice> = (set) => ({
  challenger: { status: 'none' },
  setChallenger: (challenger) => {
    set({ challenger });
  },
});
