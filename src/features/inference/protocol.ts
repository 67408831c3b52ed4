/** Messages between the app and its inference worker. */
import type { FileProblem } from '../../core/fileProblems';
import type { ModelFilesProblem } from '../../core/modelFilesCheck';
import type { ModelMetrics } from '../../core/modelMetrics';
import type { SnapshotHeader } from '../../core/snapshot';
import type { RowIssue } from '../../core/table';
import type { Contribution } from './engine';

export type Stage = 'model' | 'download' | 'install' | 'warm-up' | 'scoring';

export type WorkerRequest =
  | { readonly kind: 'start'; readonly modelBase: string; readonly snapshotUrl: string }
  | { readonly kind: 'lookup'; readonly requestId: number; readonly id: number }
  | { readonly kind: 'score-file'; readonly requestId: number; readonly file: File }
  | { readonly kind: 'cancel'; readonly requestId: number };

export interface ReadyEvent {
  readonly kind: 'ready';
  readonly backend: string;
  readonly header: SnapshotHeader;
  readonly metrics: ModelMetrics;
  readonly card: string;
  /** Snapshot customers in ID order, with their churn probabilities. */
  readonly ids: Float64Array;
  readonly probabilities: Float32Array;
  /** Milliseconds spent in each stage. */
  readonly timings: Partial<Record<Stage, number>>;
}

export interface LookupResult {
  readonly kind: 'lookup-result';
  readonly requestId: number;
  readonly id: number;
  readonly found: boolean;
  readonly probability: number;
  readonly contributions: Contribution[];
  readonly milliseconds: number;
}

export interface BatchResult {
  readonly kind: 'batch-result';
  readonly requestId: number;
  readonly ids: string[];
  readonly probabilities: Float32Array;
  readonly rowsRead: number;
  /** The first 1,000 problems, refusals and warnings, in row order. */
  readonly issues: RowIssue[];
  /** Rows skipped. */
  readonly issueCount: number;
  /** Cells scored with a warning (blank, non-finite, far outside the training range). */
  readonly warningCount: number;
  readonly drift: { column: string; psi: number }[];
  readonly cancelled: boolean;
}

/** An upload refused as a whole: not text, or a header that cannot serve (core's codes). */
export interface BatchRefused {
  readonly kind: 'batch-refused';
  readonly requestId: number;
  readonly problem: FileProblem;
}

export type WorkerEvent =
  | { readonly kind: 'progress'; readonly stage: Stage; readonly fraction: number }
  | ReadyEvent
  | {
      readonly kind: 'failed';
      readonly message: string;
      /** Set when the model's files do not belong together (core's checkModelFiles). */
      readonly modelProblem?: ModelFilesProblem;
    }
  | LookupResult
  | {
      readonly kind: 'batch-progress';
      readonly requestId: number;
      readonly fraction: number;
      readonly rows: number;
    }
  | BatchResult
  | BatchRefused
  | { readonly kind: 'request-failed'; readonly requestId: number; readonly message: string };
