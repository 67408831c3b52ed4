/** The app's state: one zustand store made of typed slices. */
import type { FileProblem, IdKind, HeaderProblem } from '../core/records';
import { create, type StateCreator } from 'zustand';
import {
  ExpectedProfitCurve,
  applyDecisionRule,
  type AppliedRule,
  DEFAULT_PAYOFFS,
  ProfitCurve,
  type Payoffs,
} from '../core/decision';
import type { ModelFilesProblem, ModelMetrics, RegistryRecord } from '../core/modelFiles';
import type { SnapshotHeader } from '../core/snapshot';
import type {
  BatchResult,
  LookupResult,
  ReadyEvent,
  Stage,
  StorageNotice,
} from '../features/inference/protocol';
import type { Language } from './i18n';
import type { SegmentData } from '../core/segments';
import type { ChallengerProblem } from '../features/inference/challenger';
import type { SegmentsProblem } from '../features/segments/segmentsSource';

export interface SessionSlice {
  status: 'loading' | 'ready' | 'failed';
  /** True once lookups are answered, which may be before the portfolio is ready. */
  lookupsOpen: boolean;
  /** What the model's customer IDs are: integers, or text (what a lookup reads). */
  idKind: IdKind;
  stage: Stage;
  fraction: number;
  error: string | null;
  /** Why the model could not start, as a code the view words, when its files do not fit. */
  modelProblem: ModelFilesProblem | null;
  backend: string;
  mode: string;
  header: SnapshotHeader | null;
  metrics: ModelMetrics | null;
  card: string;
  /** Where the model came from in the MLflow registry; null for a model trained locally. */
  registry: RegistryRecord | null;
  /** Labelled test rows shipped with the model: the profit curve and quality charts come from them. */
  evaluation: ProfitCurve | null;
  /**
   * Snapshot customers: IDs and probabilities, and the expected-profit curve over them; with text
   * IDs, their texts (ids then hold ranks).
   */
  snapshot: {
    ids: Float64Array;
    labels: readonly string[] | null;
    probabilities: Float32Array;
    curve: ExpectedProfitCurve;
  } | null;
  timings: ReadyEvent['timings'];
  /** What the analyst should know about storage (a full quota, a switch by another tab). */
  notice: StorageNotice | null;
  /** True when the browser will not clear the stored portfolio on its own; null until asked. */
  persistentStorage: boolean | null;
  /** True when the start failed because the browser's storage is full. */
  storageFull: boolean;
  setProgress: (stage: Stage, fraction: number) => void;
  /** Lookups answer from now on. */
  setLookupsOpen: (idKind: IdKind) => void;
  setReady: (event: ReadyEvent, mode: string) => void;
  setFailed: (
    message: string,
    modelProblem?: ModelFilesProblem | null,
    storageFull?: boolean,
  ) => void;
  setPersistentStorage: (persistent: boolean) => void;
}

export interface DecisionSlice {
  /** A threshold the analyst set by hand; null follows core's expected-gain rule. */
  handThreshold: number | null;
  payoffs: Payoffs;
  capacity: number | null;
  /**
   * The value of a retained churner when uncertain: a range read as uniform, kept as multiples of
   * the TP payoff, so that it follows TP (R$ 60–120 for TP = R$ 90).
   */
  churnerValueShares: [number, number];
  /** Sets a threshold by hand (clamped to [0, 1]), or null to follow the rule again. */
  setHandThreshold: (value: number | null) => void;
  setPayoff: (key: keyof Payoffs, value: number) => void;
  setCapacity: (value: number | null) => void;
  setChurnerValueShares: (shares: [number, number]) => void;
}

export interface LookupSlice {
  lookup: { pending: boolean; result: LookupResult | null };
  setLookup: (lookup: { pending: boolean; result: LookupResult | null }) => void;
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

export interface UiSlice {
  language: Language;
  tab: 'decision' | 'quality' | 'segments' | 'compare' | 'batch';
  setLanguage: (language: Language) => void;
  setTab: (tab: UiSlice['tab']) => void;
}

export type AppState = SessionSlice &
  DecisionSlice &
  LookupSlice &
  BatchSlice &
  SegmentsSlice &
  ChallengerSlice &
  UiSlice;
type Slice<T> = StateCreator<AppState, [], [], T>;

const createSession: Slice<SessionSlice> = (set, get) => ({
  status: 'loading',
  lookupsOpen: false,
  idKind: 'integer',
  stage: 'model',
  fraction: 0,
  error: null,
  modelProblem: null,
  backend: '',
  mode: '',
  header: null,
  metrics: null,
  card: '',
  registry: null,
  evaluation: null,
  snapshot: null,
  timings: {},
  notice: null,
  persistentStorage: null,
  storageFull: false,
  setProgress: (stage, fraction) => {
    set({ stage, fraction });
  },
  setLookupsOpen: (idKind) => {
    set({ lookupsOpen: true, idKind });
  },
  setReady: (event, mode) => {
    // Another model answers: its segments file is another one.
    if (get().metrics?.schemaHash !== event.metrics.schemaHash) {
      set({ segments: { status: 'idle' }, segmentColumn: 0 });
    }
    // Another model or portfolio answers: a challenger's figures were of the previous ones.
    set({ challenger: { status: 'none' } });
    const evaluation = ProfitCurve.fromScores(
      event.metrics.outOfSample.scores,
      event.metrics.outOfSample.labels,
    );
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
      evaluation,
      snapshot: {
        ids: event.ids,
        labels: event.labels,
        probabilities: event.probabilities,
        curve: new ExpectedProfitCurve(event.descending, 'descending'),
      },
      timings: event.timings,
      notice: event.notice,
    });
  },
  setFailed: (message, modelProblem = null, storageFull = false) => {
    set({ status: 'failed', error: message, modelProblem, storageFull });
  },
  setPersistentStorage: (persistent) => {
    set({ persistentStorage: persistent });
  },
});

const createDecision: Slice<DecisionSlice> = (set) => ({
  handThreshold: null,
  payoffs: DEFAULT_PAYOFFS,
  capacity: null,
  churnerValueShares: [2 / 3, 4 / 3],
  setHandThreshold: (value) => {
    set({ handThreshold: value === null ? null : Math.min(Math.max(value, 0), 1) });
  },
  setPayoff: (key, value) => {
    set((state) => ({ payoffs: { ...state.payoffs, [key]: value } }));
  },
  setChurnerValueShares: (shares) => {
    set({ churnerValueShares: shares });
  },
  setCapacity: (value) => {
    set({ capacity: value });
  },
});

const createLookup: Slice<LookupSlice> = (set) => ({
  lookup: { pending: false, result: null },
  setLookup: (lookup) => {
    set({ lookup });
  },
});

const createBatch: Slice<BatchSlice> = (set) => ({
  batch: { status: 'idle', fraction: 0, rows: 0, result: null, refusal: null, error: null },
  setBatch: (batch) => {
    set((state) => ({ batch: { ...state.batch, ...batch } }));
  },
});

const createSegments: Slice<SegmentsSlice> = (set) => ({
  segments: { status: 'idle' },
  segmentColumn: 0,
  setSegments: (segments) => {
    set({ segments });
  },
  setSegmentColumn: (column) => {
    set({ segmentColumn: column });
  },
});

const createChallenger: Slice<ChallengerSlice> = (set) => ({
  challenger: { status: 'none' },
  setChallenger: (challenger) => {
    set({ challenger });
  },
});

const createUi: Slice<UiSlice> = (set) => ({
  language: 'pt-BR',
  tab: 'decision',
  setLanguage: (language) => {
    set({ language });
  },
  setTab: (tab) => {
    set({ tab });
  },
});

/** Creates a store; the app makes one, tests make their own. */
export function createAppStore() {
  return create<AppState>()((...args) => ({
    ...createSession(...args),
    ...createDecision(...args),
    ...createLookup(...args),
    ...createBatch(...args),
    ...createSegments(...args),
    ...createChallenger(...args),
    ...createUi(...args),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

const NO_PORTFOLIO = new ExpectedProfitCurve([]);

/** The rule in force (core's): the expected-gain or hand-set threshold, within the capacity. */
export function decisionRuleOf(
  state: Pick<AppState, 'handThreshold' | 'payoffs' | 'capacity' | 'snapshot'>,
): AppliedRule {
  return applyDecisionRule(
    state.snapshot?.curve ?? NO_PORTFOLIO,
    state.payoffs,
    state.capacity,
    state.handThreshold,
  );
}
