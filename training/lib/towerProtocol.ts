/** Messages between the trainer and its tower workers. */
import type { TowerLoops } from '../../src/core/modelFiles';
import type { CenteredRows } from '../../src/core/scoring';
import type { EpochLog, TowerOptions } from './towerTraining';

export interface SerializedTensor {
  readonly shape: number[];
  readonly values: Float32Array;
}

export interface TowerJob {
  readonly tower: number;
  /** Backed by a SharedArrayBuffer, so workers read it without a copy. */
  readonly matrix: Float32Array;
  readonly width: number;
  /** The matrix as sparse rows (centeredRows.ts), shared memory too: built once for every job. */
  readonly centered: CenteredRows;
  readonly labels: Uint8Array;
  /** The fold teacher's logit per matrix row (distillation); absent: the labels alone. */
  readonly teacherLogits?: Float32Array | undefined;
  readonly trainRows: Uint32Array;
  readonly validationRows: Uint32Array;
  readonly options: TowerOptions;
}

export interface TowerOutcome {
  readonly tower: number;
  readonly weights: SerializedTensor[];
  readonly bestEpoch: number;
  readonly history: EpochLog[];
  readonly validationScores: Float32Array;
  /** The loops that trained it (TrainedTower.loops). */
  readonly loops: TowerLoops;
  /** TF.js's backend, which drew the tower's initial weights. */
  readonly backend: string;
}

export type WorkerMessage =
  | { readonly type: 'epoch'; readonly tower: number; readonly log: EpochLog }
  | { readonly type: 'done'; readonly outcome: TowerOutcome }
  | { readonly type: 'error'; readonly tower: number; readonly message: string };
