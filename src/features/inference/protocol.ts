/** Messages between the app and its inference worker. */
import type {
  ModelFigures,
  ModelFilesProblem,
  ModelMetrics,
  OutOfSampleRows,
  RegistryRecord,
} from '../../core/modelFiles';
import type {
  CustomerKey,
  DateRule,
  IdKind,
  FileProblem,
  HeaderProblem,
  RowIssue,
} from '../../core/records';
import type { ChallengerProblem, ChallengerSource } from './challenger';
import type { SnapshotHeader } from '../../core/snapshot';
import type { DriftReport } from '../../core/evaluation';
import type { Payoffs } from '../../core/decision';
import type { SegmentColumn } from '../../core/segments';
import type { Contribution } from './engine';

export type Stage = 'model' | 'download' | 'install' | 'warm-up' | 'scoring';

export type WorkerRequest =
  | { readonly kind: 'start'; readonly modelBase: string; readonly snapshotUrl: string }
  | { readonly kind: 'lookup'; readonly requestId: number; readonly id: CustomerKey }
  | { readonly kind: 'score-file'; readonly requestId: number; readonly file: File }
  /** A snapshot file from the analyst's disk: installed, then answering. */
  | {
      readonly kind: 'open-portfolio';
      readonly requestId: number;
      /** A snapshot or a customer CSV; or the part files of one portfolio. */
      readonly files: readonly File[];
      /** For a CSV: a numeric column to keep as each customer's value (R$); null for none. */
      readonly valueColumn: string | null;
    }
  /** The portfolio's contacts under per-segment thresholds, as a CSV file's text. */
  | {
      readonly kind: 'segment-contacts';
      readonly requestId: number;
      readonly column: SegmentColumn;
      readonly thresholds: readonly number[];
      readonly payoffs: Payoffs;
      readonly capacity: number | null;
    }
  /**
   * The main reason to contact each listed customer (by portfolio index, in the scores' order):
   * the column whose occlusion lowers their probability most.
   */
  | {
      readonly kind: 'contact-reasons';
      readonly requestId: number;
      readonly rows: readonly number[];
    }
  /** A second model to compare: checked, then it scores the installed portfolio. */
  | {
      readonly kind: 'load-challenger';
      readonly requestId: number;
      readonly source: ChallengerSource;
    }
  | { readonly kind: 'cancel'; readonly requestId: number };

export interface ReadyEvent {
  readonly kind: 'ready';
  readonly backend: string;
  /** The portfolio answering, or null when none is installed (a build that ships none). */
  readonly header: SnapshotHeader | null;
  readonly metrics: ModelFigures;
  /**
   * The out-of-sample rows when metrics.json holds them inline (written before they had their
   * own file); null when the view is to fetch out-of-sample.json.
   */
  readonly inlineRows: OutOfSampleRows | null;
  readonly card: string;
  /** Where the model came from in the MLflow registry; null for a model trained locally. */
  readonly registry: RegistryRecord | null;
  /** What the model's customer IDs are: what a lookup reads. */
  readonly idKind: IdKind;
  /**
   * The columns a customer file needs: the ID column and the model's raw inputs, in order; and the
   * inputs that are dates, with the format their cells are written in and the day they count to.
   */
  readonly fileColumns: {
    readonly id: string;
    readonly inputs: readonly string[];
    readonly dates: readonly { readonly name: string; readonly rule: DateRule }[];
  };
  /** Snapshot customers in ID order, with their churn probabilities. */
  readonly ids: Float64Array;
  /** With text IDs: each customer's ID text (ids then hold ranks); null for integer IDs. */
  readonly labels: readonly string[] | null;
  readonly probabilities: Float32Array;
  /** Each customer's value (R$), in the same order, when the portfolio has a value column. */
  readonly values: Float64Array | null;
  /** The same probabilities sorted in descending order, off the main thread. */
  readonly descending: Float64Array;
  /** Milliseconds spent in each stage. */
  readonly timings: Partial<Record<Stage, number>>;
  /** The install answering, and the chunk it resumed from after an interrupted install (0: none). */
  readonly install: { readonly id: string; readonly resumedFrom: number } | null;
  /** Something about storage the analyst should know, as a code the view words; null if nothing. */
  readonly notice: StorageNotice | null;
}

/** What happened to the snapshot in storage, when the analyst should know it. */
export type StorageNotice =
  /** The new snapshot did not fit in the browser's storage: the previous one still answers. */
  | { readonly code: 'storage-full-kept'; readonly count: number; readonly createdAt: string }
  /** Another tab installed a newer snapshot: this one answers from it now. */
  | { readonly code: 'snapshot-switched'; readonly count: number; readonly createdAt: string }
  /** A newer shipped portfolio is installing: the one installed answers until it switches in. */
  | { readonly code: 'portfolio-updating'; readonly count: number; readonly createdAt: string }
  /** That newer portfolio has switched in: it answers now. */
  | { readonly code: 'portfolio-updated'; readonly count: number; readonly createdAt: string }
  /** The analyst opened a portfolio from disk: it answers now. */
  | { readonly code: 'portfolio-opened'; readonly count: number; readonly createdAt: string };

/** Why a portfolio file from disk was not installed. */
export type PortfolioProblem =
  /** Not a snapshot written by npm run snapshot (gzip-compressed or not). */
  | { readonly code: 'not-a-snapshot' }
  /** Several files that are not the parts of one portfolio. */
  | { readonly code: 'not-one-portfolio' }
  /** Built for another model's columns. */
  | { readonly code: 'other-model'; readonly schemaHash: string; readonly model: string }
  /** The browser's storage has no room for it; the previous portfolio still answers. */
  | { readonly code: 'storage-full' }
  /** A customer CSV whose header cannot serve (core's codes). */
  | { readonly code: 'file'; readonly problem: FileProblem };

export interface PortfolioOutcome {
  readonly kind: 'portfolio-outcome';
  readonly requestId: number;
  /** Null when the portfolio was installed and answers (a 'ready' event follows it). */
  readonly problem: PortfolioProblem | null;
  /** For a customer CSV: rows skipped, and cells kept with a warning. */
  readonly skipped: number;
  readonly warnings: number;
  /** The first of those (a thousand at most), the skipped rows first. */
  readonly issues: readonly RowIssue[];
}

export interface LookupResult {
  readonly kind: 'lookup-result';
  readonly requestId: number;
  readonly id: CustomerKey;
  readonly found: boolean;
  readonly probability: number;
  readonly contributions: Contribution[];
  readonly milliseconds: number;
}

export interface ChallengerResult {
  readonly kind: 'challenger-result';
  readonly requestId: number;
  readonly outcome:
    | {
        readonly ok: true;
        readonly metrics: ModelMetrics;
        /** Its probabilities of the installed portfolio's customers, in ID order (as the champion's). */
        readonly portfolio: Float32Array | null;
        /** Why it could not score the portfolio (another model's columns); null when it did. */
        readonly portfolioProblem: HeaderProblem | null;
      }
    | { readonly ok: false; readonly problem: ChallengerProblem };
}

export interface SegmentContactsResult {
  readonly kind: 'segment-contacts-result';
  readonly requestId: number;
  /** The contact list (core's SegmentContactList) and how many customers it holds. */
  readonly csv: string;
  readonly count: number;
}

export interface ContactReasonsResult {
  readonly kind: 'contact-reasons-result';
  readonly requestId: number;
  /**
   * Each listed customer's main reason (the column that raises their probability most), in the
   * request's order; null for none.
   */
  readonly reasons: readonly (string | null)[];
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
  readonly drift: DriftReport;
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
  /**
   * Lookups are answered from here on, while the portfolio still installs (each from its part),
   * at the model's own threshold.
   */
  | { readonly kind: 'lookups-open'; readonly idKind: IdKind }
  | ReadyEvent
  | {
      readonly kind: 'failed';
      readonly message: string;
      /** Set when the model's files do not belong together (core's checkModelFiles). */
      readonly modelProblem?: ModelFilesProblem;
      /** Set when the snapshot does not fit in the browser's storage and none is installed. */
      readonly storageFull?: true;
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
  | PortfolioOutcome
  | SegmentContactsResult
  | ContactReasonsResult
  | ChallengerResult
  | { readonly kind: 'request-failed'; readonly requestId: number; readonly message: string };
