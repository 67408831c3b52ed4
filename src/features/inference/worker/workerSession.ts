/**
 * What the worker's jobs share: the posting function, the lifecycle state (changed only through
 * dispatch), the loaded model, the snapshot store and the lookup caches.
 */
import type { ModelFigures, OutOfSampleRows, RegistryRecord } from '../../../core/modelFiles';
import type { PreprocessSpec } from '../../../core/preprocess';
import type { ChunkCache } from '../../snapshot/chunkCache';
import type { SnapshotStore } from '../../snapshot/snapshotStore';
import type { ModelBundle, ScoringEngine } from '../engine';
import type { PartLookup } from '../partLookup';
import type { Stage, WorkerEvent } from '../protocol';
import {
  INITIAL_SESSION,
  sessionReducer,
  type SessionAction,
  type SessionState,
} from './lifecycle';

export type Post = (event: WorkerEvent, transfer?: Transferable[]) => void;

/** The model the session answers with, once loaded and checked. */
export interface LoadedModel {
  readonly engine: ScoringEngine;
  readonly bundle: ModelBundle;
  readonly spec: PreprocessSpec;
  readonly metrics: ModelFigures;
  /** The out-of-sample rows when metrics.json holds them inline; else null (the view fetches them). */
  readonly inlineRows: OutOfSampleRows | null;
  readonly card: string;
  readonly registry: RegistryRecord | null;
  /** SHA-256 of the weights with the schema hash: the key of cached scores. */
  readonly digest: string;
  /** The TF.js backend that runs it. */
  readonly backend: string;
}

/** Milliseconds per start-up stage, each lap measured from the one before. */
export class StageTimer {
  readonly timings: Partial<Record<Stage, number>> = {};
  private mark = performance.now();

  lap(stage: Stage): void {
    const now = performance.now();
    this.timings[stage] = now - this.mark;
    this.mark = now;
  }

  /** Adds milliseconds to a stage's time (negative: takes them away). */
  add(stage: Stage, milliseconds: number): void {
    this.timings[stage] = (this.timings[stage] ?? 0) + milliseconds;
  }
}

/** The model is not loaded yet: an infrastructure failure, answered as request-failed. */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
  constructor() {
    super('the model is not ready yet');
  }
}

export class WorkerSession {
  state: SessionState = INITIAL_SESSION;
  model: LoadedModel | null = null;
  store: SnapshotStore | null = null;
  lookups: ChunkCache | null = null;
  /** Lookups from the parts of a portfolio still installing; null once it answers from storage. */
  early: PartLookup | null = null;
  /** Start-up timings, from the start request on. */
  timer = new StageTimer();
  /** Milliseconds spent scoring while the portfolio installed: counted as scoring, not install. */
  scoredWhileInstalling = 0;

  constructor(readonly post: Post) {}

  dispatch(action: SessionAction): void {
    this.state = sessionReducer(this.state, action);
  }

  progress(stage: Stage, fraction: number): void {
    this.post({ kind: 'progress', stage, fraction });
  }

  /** The loaded model; throws NotReadyError before it is. */
  loaded(): LoadedModel {
    if (this.model === null) throw new NotReadyError();
    return this.model;
  }

  /** The loaded model and the open store; throws NotReadyError before both are. */
  installed(): { model: LoadedModel; store: SnapshotStore; lookups: ChunkCache } {
    if (this.model === null || this.store === null || this.lookups === null) {
      throw new NotReadyError();
    }
    return { model: this.model, store: this.store, lookups: this.lookups };
  }
}
