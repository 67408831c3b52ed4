/**
 * The session's state in the app: where the worker's start stands, the model and the portfolio it
 * answers from, and what the analyst should know about storage.
 */
import { ExpectedProfitCurve, ProfitCurve } from '../../core/decision';
import type {
  ModelFigures,
  ModelFilesProblem,
  OutOfSampleRows,
  RegistryRecord,
} from '../../core/modelFiles';
import type { Result } from '../../core/result';
import type { IdKind } from '../../core/records';
import type { SnapshotHeader } from '../../core/snapshot';
import type { SliceCreator } from '../../shared/appState';
import type { ChallengerSlice } from '../compare/challengerSlice';
import type { SegmentsSlice } from '../segments/segmentsSlice';
import type { OutOfSampleProblem } from './outOfSampleSource';
import type { ReadyEvent, Stage, StorageNotice } from './protocol';

declare module '../../shared/appState' {
  interface AppState extends SessionSlice {}
}

export interface SessionSlice {
  status: 'loading' | 'ready' | 'failed';
  /** True once lookups are answered, which may be before the portfolio is ready. */
  lookupsOpen: boolean;
  /** What the model's customer IDs are: integers, or text (what a lookup reads). */
  idKind: IdKind;
  /** The columns a customer file needs (ID, then the model's inputs); null before the model. */
  fileColumns: ReadyEvent['fileColumns'] | null;
  stage: Stage;
  fraction: number;
  error: string | null;
  /** Why the model could not start, as a code the view words, when its files do not fit. */
  modelProblem: ModelFilesProblem | null;
  backend: string;
  mode: string;
  header: SnapshotHeader | null;
  /** metrics.json's figures; null before the model. */
  metrics: ModelFigures | null;
  /**
   * The labelled rows the figures were measured on: on their way after the start (from
   * out-of-sample.json), read, or why there are none.
   */
  outOfSample:
    | { status: 'loading' }
    | { status: 'ready'; rows: OutOfSampleRows }
    | { status: 'unavailable'; problem: OutOfSampleProblem };
  card: string;
  /** Where the model came from in the MLflow registry; null for a model trained locally. */
  registry: RegistryRecord | null;
  /** The profit curve of the out-of-sample rows; null until they are read. */
  evaluation: ProfitCurve | null;
  /**
   * Snapshot customers: IDs and probabilities, and the expected-profit curve over them; with text
   * IDs, their texts (ids then hold ranks).
   */
  snapshot: {
    ids: Float64Array;
    labels: readonly string[] | null;
    probabilities: Float32Array;
    /** Each customer's value (R$), by index as probabilities, when the portfolio has a value column. */
    values: Float64Array | null;
    /** The column the values came from, or null. */
    valueColumn: string | null;
    curve: ExpectedProfitCurve;
  } | null;
  timings: ReadyEvent['timings'];
  /** What the analyst should know about storage (a full quota, a switch by another tab). */
  notice: StorageNotice | null;
  /** True when the browser will not clear the stored portfolio on its own; null until asked. */
  persistentStorage: boolean | null;
  /** True when the start failed because the browser's storage is full. */
  storageFull: boolean;
  /** True once the files a start reads are kept offline: a reload starts without the network. */
  offlineReady: boolean;
  setProgress: (stage: Stage, fraction: number) => void;
  /** Lookups answer from now on. */
  setLookupsOpen: (idKind: IdKind) => void;
  setReady: (event: ReadyEvent, mode: string) => void;
  /** The out-of-sample rows of the model with `schemaHash`, as read; ignored once another model answers. */
  setOutOfSampleRows: (
    schemaHash: string,
    read: Result<OutOfSampleRows, OutOfSampleProblem>,
  ) => void;
  setFailed: (
    message: string,
    modelProblem?: ModelFilesProblem | null,
    storageFull?: boolean,
  ) => void;
  setPersistentStorage: (persistent: boolean) => void;
  setOfflineReady: () => void;
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get) => ({
  status: 'loading',
  lookupsOpen: false,
  idKind: 'integer',
  fileColumns: null,
  stage: 'model',
  fraction: 0,
  error: null,
  modelProblem: null,
  backend: '',
  mode: '',
  header: null,
  metrics: null,
  outOfSample: { status: 'loading' },
  card: '',
  registry: null,
  evaluation: null,
  snapshot: null,
  timings: {},
  notice: null,
  persistentStorage: null,
  storageFull: false,
  offlineReady: false,
  setProgress: (stage, fraction) => {
    set({ stage, fraction });
  },
  setLookupsOpen: (idKind) => {
    set({ lookupsOpen: true, idKind });
  },
  setReady: (event, mode) => {
    // Another model answers: its segments file and out-of-sample rows are other ones.
    if (get().metrics?.schemaHash !== event.metrics.schemaHash) {
      const noSegments: Pick<SegmentsSlice, 'segments' | 'segmentColumn'> = {
        segments: { status: 'idle' },
        segmentColumn: 0,
      };
      set({
        ...noSegments,
        outOfSample:
          event.inlineRows === null
            ? { status: 'loading' }
            : { status: 'ready', rows: event.inlineRows },
        evaluation:
          event.inlineRows === null
            ? null
            : ProfitCurve.fromScores(event.inlineRows.scores, event.inlineRows.labels),
      });
    }
    // Another model or portfolio answers: a challenger's figures were of the previous ones.
    const noChallenger: Pick<ChallengerSlice, 'challenger'> = { challenger: { status: 'none' } };
    set(noChallenger);
    set({
      status: 'ready',
      lookupsOpen: true,
      backend: event.backend,
      mode,
      header: event.header,
      metrics: event.metrics,
      card: event.card,
      registry: event.registry,
      idKind: event.idKind,
      fileColumns: event.fileColumns,
      snapshot: {
        ids: event.ids,
        labels: event.labels,
        probabilities: event.probabilities,
        values: event.values,
        valueColumn: event.header?.valueColumn ?? null,
        curve: new ExpectedProfitCurve(event.descending, 'descending'),
      },
      timings: event.timings,
      notice: event.notice,
    });
  },
  setOutOfSampleRows: (schemaHash, read) => {
    if (get().metrics?.schemaHash !== schemaHash) return;
    set(
      read.ok
        ? {
            outOfSample: { status: 'ready', rows: read.value },
            evaluation: ProfitCurve.fromScores(read.value.scores, read.value.labels),
          }
        : { outOfSample: { status: 'unavailable', problem: read.problem }, evaluation: null },
    );
  },
  setFailed: (message, modelProblem = null, storageFull = false) => {
    set({ status: 'failed', error: message, modelProblem, storageFull });
  },
  setPersistentStorage: (persistent) => {
    set({ persistentStorage: persistent });
  },
  setOfflineReady: () => {
    set({ offlineReady: true });
  },
});
