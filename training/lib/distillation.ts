/**
 * Distillation of depth-wise boosted trees into the towers. Per fold, a teacher (depthwiseBoosting.ts)
 * is boosted on the fold's training rows, early-stopped on its held rows like the towers; the
 * towers of that fold then learn, on the same rows, (1 − share) · cross-entropy with the label +
 * share · weight · (logit − teacher logit)² (LogitMatching in training/lib/towerLoss.ts), and still
 * early-stop on the held rows' labels. The fold teachers are also one of the two kinds of tree
 * member the blend may take (outOfFold.ts), in the shipped format of `model`.
 */
import { rocAuc } from '../../src/core/metrics';
import type { DepthwiseTrees } from '../../src/core/scoring';
import { asDepthwiseTrees, boostDepthwise, type DepthwiseOptions } from './depthwiseBoosting';
import type { TreeBins } from './treeBins';

export interface DistillationOptions {
  /** The teacher's weight in the towers' loss; 0 trains them on labels alone. */
  readonly share: number;
  /** Nats per squared logit of gap between a tower and its teacher (LogitMatching.weight). */
  readonly logitWeight: number;
  /**
   * Variance of a teacher's logits (squared logits) above which the gap's weight shrinks in
   * proportion (LogitMatching.spreadCap); 0: never. Santander's teachers spread 1.7–2.0, so the
   * default keeps their weight; BankChurners' confident teachers (about 9.6) get a quarter of it.
   */
  readonly logitSpreadCap: number;
  /**
   * Most encoded columns the teacher reads (as the tree member chooses them: treeInputs), or 'all'.
   */
  readonly columns: number | 'all';
  /** Most bins per column. */
  readonly bins: number;
  /**
   * The least hessian on each side of a teacher's split, or the candidates for it: with more than
   * one, fold 1's teacher is boosted under each, and the one with the lowest held-out log loss
   * teaches every fold (chooseTeacherHessian).
   */
  readonly minChildHessians: readonly number[];
  readonly boosting: Omit<DepthwiseOptions, 'seed' | 'minChildHessian'>;
}

/**
 * The teacher's boosting: the settings of Santander's best XGBoost anchor of `npm run bench:model`
 * (depth 6, 0.03, λ 1, rows 0.7 and columns 0.5 a tree), early-stopped on the fold with a cap of
 * 300 trees where the anchor runs 300 without stopping.
 */
export const DEFAULT_TEACHER: Omit<DepthwiseOptions, 'seed' | 'minChildHessian'> = {
  depth: 6,
  learningRate: 0.03,
  maxTrees: 300,
  patience: 20,
  lambda: 1,
  rowShare: 0.7,
  columnShare: 0.5,
};

/**
 * The least child hessians the default teacher chooses between: 10 (Santander's anchor; the tuned
 * anchors keep 16–21 on Santander and Telco) and 1 (they keep 0.6–3 on the other five files).
 */
export const TEACHER_MIN_HESSIANS: readonly number[] = [10, 1];

export const DEFAULT_DISTILLATION: DistillationOptions = {
  share: 0.9,
  logitWeight: 0.02,
  logitSpreadCap: 2.5,
  columns: 'all',
  bins: 64,
  minChildHessians: TEACHER_MIN_HESSIANS,
  boosting: DEFAULT_TEACHER,
};

/** The column count treeInputs keeps for a teacher: 'all' is every candidate. */
export function teacherColumnLimit(columns: DistillationOptions['columns']): number {
  return columns === 'all' ? Number.POSITIVE_INFINITY : columns;
}

export interface FoldTeacher {
  /** The teacher's logit on each of the fold's training and held rows, by row of the bins; NaN elsewhere. */
  readonly logits: Float32Array;
  /** Trees the teacher kept (early stopping on the fold's held rows). */
  readonly trees: number;
  /** The kept trees in the shipped format, on the encoded columns. */
  readonly model: DepthwiseTrees;
  /** The teacher's logits on the fold's held rows, in their order. */
  readonly heldLogits: Float64Array;
  /** Mean log loss (nats) of the kept teacher on the fold's held rows; NaN without held rows. */
  readonly heldLogLoss: number;
}

/**
 * Boosts fold f's teacher on the fold's training rows (early-stopped on its held rows) and gives
 * its logits there, for the fold's towers. Labels are 0/1 per row of the bins.
 */
export async function foldTeacher(
  bins: TreeBins,
  labels: Uint8Array,
  rows: { readonly train: Uint32Array; readonly held: Uint32Array },
  options: Pick<DistillationOptions, 'boosting'>,
  minChildHessian: number,
  seed: number,
): Promise<FoldTeacher> {
  const teacher = await boostDepthwise(bins, labels, rows.train, rows.held, {
    ...options.boosting,
    minChildHessian,
    seed,
  });
  const trees = teacher.trees.length;
  // The loop's running sums under the kept trees: the same numbers as scoring them row by row.
  const trainLogits = teacher.keptTrainLogits;
  const heldLogits = teacher.keptHeldLogits;
  const logits = new Float32Array(labels.length).fill(Number.NaN);
  rows.train.forEach((row, i) => {
    logits[row] = trainLogits[i] ?? 0;
  });
  rows.held.forEach((row, i) => {
    logits[row] = heldLogits[i] ?? 0;
  });
  const heldLogLoss =
    trees === 0 || rows.held.length === 0
      ? Number.NaN
      : (teacher.heldOutLogLoss[trees - 1] ?? Number.NaN);
  return { logits, trees, model: asDepthwiseTrees(teacher, bins), heldLogits, heldLogLoss };
}

export interface ChosenTeacher {
  /** Fold 1's teacher under the chosen hessian. */
  readonly teacher: FoldTeacher;
  readonly minChildHessian: number;
  /** Fold 1's held-out log loss under each candidate, in the candidates' order. */
  readonly heldLogLossByHessian: readonly {
    readonly minChildHessian: number;
    readonly logLoss: number;
  }[];
}

/**
 * Boosts fold 1's teacher under each of `options.minChildHessians` (the same seed for each) and
 * keeps the one with the lowest held-out log loss on that fold (ties, and NaN losses, to the
 * earlier candidate). One candidate is boosted alone; an empty list throws (the recipe never
 * gives one).
 */
export async function chooseTeacherHessian(
  bins: TreeBins,
  labels: Uint8Array,
  rows: { readonly train: Uint32Array; readonly held: Uint32Array },
  options: Pick<DistillationOptions, 'boosting' | 'minChildHessians'>,
  seed: number,
): Promise<ChosenTeacher> {
  let chosen: { teacher: FoldTeacher; minChildHessian: number } | null = null;
  const heldLogLossByHessian: { minChildHessian: number; logLoss: number }[] = [];
  for (const minChildHessian of options.minChildHessians) {
    const teacher = await foldTeacher(bins, labels, rows, options, minChildHessian, seed);
    heldLogLossByHessian.push({ minChildHessian, logLoss: teacher.heldLogLoss });
    if (chosen === null || teacher.heldLogLoss < chosen.teacher.heldLogLoss - 1e-12) {
      chosen = { teacher, minChildHessian };
    }
  }
  if (chosen === null) throw new Error('chooseTeacherHessian: no candidate');
  return { ...chosen, heldLogLossByHessian };
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
