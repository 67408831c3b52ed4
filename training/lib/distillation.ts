/**
 * Distillation of depth-wise boosted trees into the towers. Per fold, a teacher (depthwiseBoosting.ts)
 * is boosted on the fold's training rows, early-stopped on its held rows like the towers; the
 * towers of that fold then train on soft targets, (1 − share)·label + share·σ(teacher logit), on
 * the same rows, and still early-stop on the held rows' labels. The teacher never ships: what
 * ships (and what the out-of-fold logits, calibration and threshold come from) is the towers.
 */
import { sigmoid } from '../../src/core/logistic';
import { rocAuc } from '../../src/core/metrics';
import { boostDepthwise, depthwiseLogits, type DepthwiseOptions } from './depthwiseBoosting';
import type { TreeBins } from './treeBins';

export interface DistillationOptions {
  /** The teacher's weight in each training row's target; 0 trains the towers on labels alone. */
  readonly share: number;
  /** Most encoded columns the teacher reads (as the tree member chooses them: treeInputs). */
  readonly columns: number;
  /** Most bins per column. */
  readonly bins: number;
  readonly boosting: Omit<DepthwiseOptions, 'seed'>;
}

export const DEFAULT_TEACHER: Omit<DepthwiseOptions, 'seed'> = {
  depth: 6,
  learningRate: 0.05,
  maxTrees: 150,
  patience: 20,
  lambda: 10,
  rowShare: 0.8,
  columnShare: 0.5,
  minChildHessian: 5,
};

export const DEFAULT_DISTILLATION: DistillationOptions = {
  share: 0.9,
  columns: 64,
  bins: 64,
  boosting: DEFAULT_TEACHER,
};

export interface FoldTeacher {
  /** Training target of every row of the bins: soft on the fold's training rows, the label elsewhere. */
  readonly targets: Float32Array;
  /** Trees the teacher kept (early stopping on the fold's held rows). */
  readonly trees: number;
  /** The teacher's logits on the fold's held rows, in their order. */
  readonly heldLogits: Float64Array;
}

/**
 * Boosts fold f's teacher and gives its towers' targets. `share` is clamped to [0, 1]; labels are
 * 0/1 per row of the bins.
 */
export async function foldTeacher(
  bins: TreeBins,
  labels: Uint8Array,
  rows: { readonly train: Uint32Array; readonly held: Uint32Array },
  options: DistillationOptions,
  seed: number,
): Promise<FoldTeacher> {
  const teacher = await boostDepthwise(bins, labels, rows.train, rows.held, {
    ...options.boosting,
    seed,
  });
  const share = Math.min(Math.max(options.share, 0), 1);
  const targets = Float32Array.from(labels);
  const logits = depthwiseLogits(teacher, bins, rows.train);
  rows.train.forEach((row, i) => {
    targets[row] = (1 - share) * (labels[row] ?? 0) + share * sigmoid(logits[i] ?? 0);
  });
  return {
    targets,
    trees: teacher.trees.length,
    heldLogits: depthwiseLogits(teacher, bins, rows.held),
  };
}

/** Out-of-fold ROC AUC of the teachers: each held row scored by its fold's teacher. */
export function teachersOutOfFoldAuc(
  teachers: readonly FoldTeacher[],
  folds: readonly { readonly held: Uint32Array }[],
  labels: Uint8Array,
): number {
  const scores: number[] = [];
  const heldLabels: number[] = [];
  teachers.forEach((teacher, f) => {
    folds[f]?.held.forEach((row, i) => {
      scores.push(teacher.heldLogits[i] ?? 0);
      heldLabels.push(labels[row] ?? 0);
    });
  });
  return rocAuc(Float64Array.from(scores), Uint8Array.from(heldLabels));
}
