/**
 * The out-of-fold stage: each development row scored by the fold model that did not train on it, from
 * the numbers as they ship (8-bit towers and leaves when quantised); the tree member's kind (the
 * oblivious trees or the depth-wise teachers) and share chosen on those logits; and the
 * calibration map chosen on the blend (Platt or isotonic, by cross-validated log loss).
 */
import { rocAuc } from '../../../src/core/metrics';
import {
  calibrateAll,
  chooseCalibration,
  predictLogistic,
  type CalibrationChoice,
} from '../../../src/core/evaluation';
import { columnsRead } from '../../../src/core/scoring';
import { predictProbabilities } from '../../../src/model/network';
import type { TreeModel } from '../../../src/model/treeLayer';
import {
  chooseTreeMember,
  shippedLeafGrid,
  shippedTrees,
  treeModelLogits,
  treesIn,
  type WeighedTreeKind,
} from '../treeMember';
import type { CrossFitConfig } from './config';
import type { EncodedRows } from './encodedRows';
import { selectRows } from './encodedRows';
import type { FoldPlan } from './foldPlan';
import type { TrainedFolds } from './foldTraining';
import { buildModel, type TowerWeights } from './scoringModel';

export interface FittedTrees {
  /** The member as shipped, leaves as shipped: the chosen kind's fold models averaged, or refitted (refitTrees). */
  readonly member: TreeModel;
  /** Trees of the refitted member, or null when the fold models' average ships. */
  readonly refitTrees: number | null;
  readonly share: number;
  /** Out-of-fold ROC AUC of each share 'auto' weighed for the chosen kind (empty for a given share). */
  readonly aucByShare: readonly { share: number; auc: number }[];
  /** Every kind weighed, the chosen one among them. */
  readonly weighed: readonly WeighedTreeKind[];
  /** Out-of-fold ROC AUC of the chosen kind's trees alone and of the network alone. */
  readonly outOfFoldAuc: number;
  readonly networkOutOfFoldAuc: number;
  /** Trees kept per fold (early stopping). */
  readonly treesPerFold: readonly number[];
  /** Distinct encoded columns the member reads. */
  readonly columns: number;
}

export interface OutOfFold {
  /** Calibrated out-of-fold probability of each development row, by the fold model that did not train on it. */
  readonly probabilities: Float64Array;
  /** The same rows' logistic-regression probabilities, out of fold: the baseline's threshold. */
  readonly logisticProbabilities: Float64Array;
  readonly calibration: CalibrationChoice;
  /** The tree member as shipped, or null without one. */
  readonly trees: FittedTrees | null;
}

/**
 * Scores every development row out of fold with `shipped` towers and the folds' other members;
 * `treeKind` weighs that kind of tree member alone (the one a first pass chose), rather than both.
 */
export function scoreOutOfFold(
  encoded: EncodedRows,
  plan: FoldPlan,
  trained: TrainedFolds,
  shipped: readonly TowerWeights[],
  config: CrossFitConfig,
  treeKind?: TreeModel['kind'],
): OutOfFold {
  const { matrix, width } = encoded;
  const { k, foldOfRow, developmentLabels } = plan;
  const rows = foldOfRow.length;
  const logits = new Float64Array(rows);
  const logisticProbabilities = new Float64Array(rows);
  const roundTrip = shippedLeafGrid(config.quantize);
  const kinds: TreeModel[][] = [
    trained.foldTrees.map((trees) => ({ kind: 'oblivious', trees })),
    trained.foldTeacherTrees.map((trees) => ({ kind: 'depthwise', trees })),
  ];
  const candidates = kinds
    .filter((models) => models.length === k)
    .filter((models) => treeKind === undefined || models[0]?.kind === treeKind)
    .map((models) => ({ ...shippedTrees(models, roundTrip), logits: new Float64Array(rows) }));
  for (let fold = 0; fold < k; fold++) {
    const linear = trained.logistics[fold] ?? trained.logistics[0];
    if (linear === undefined) throw new Error('no logistic regression was fitted');
    const foldModel = buildModel(
      width,
      config,
      shipped.slice(fold * config.towers, (fold + 1) * config.towers),
      linear,
      'logit',
      null,
    );
    const held = plan.rowsOf(fold, true);
    const foldLogits = predictProbabilities(foldModel, selectRows(matrix, width, held), width);
    foldModel.dispose();
    const logistic = predictLogistic(linear, matrix, width, held);
    const treeLogits = candidates.map((candidate) => {
      const foldModel = candidate.folds[fold];
      return foldModel === undefined ? null : treeModelLogits(foldModel, matrix, width, held);
    });
    let at = 0;
    foldOfRow.forEach((f, i) => {
      if (f !== fold) return;
      logits[i] = foldLogits[at] ?? 0;
      candidates.forEach((candidate, c) => {
        candidate.logits[i] = treeLogits[c]?.[at] ?? 0;
      });
      logisticProbabilities[i] = logistic[at] ?? 0;
      at++;
    });
  }
  const choice = chooseTreeMember(
    config.trees.share,
    logits,
    candidates.map((candidate) => ({ kind: candidate.member.kind, logits: candidate.logits })),
    developmentLabels,
  );
  const chosen = choice === null ? undefined : candidates[choice.chosen];
  const weighed = choice?.weighed[choice.chosen];
  let fittedTrees: FittedTrees | null = null;
  if (choice !== null && chosen !== undefined && weighed !== undefined) {
    fittedTrees = {
      member: chosen.member,
      refitTrees: null,
      share: weighed.share,
      aucByShare: weighed.aucByShare,
      weighed: choice.weighed,
      outOfFoldAuc: rocAuc(chosen.logits, developmentLabels),
      networkOutOfFoldAuc: rocAuc(logits, developmentLabels),
      treesPerFold: chosen.folds.map(treesIn),
      columns: columnsRead(chosen.member.trees).distinct.length,
    };
    const w = weighed.share;
    for (let i = 0; i < rows; i++) {
      logits[i] = (1 - w) * (logits[i] ?? 0) + w * (chosen.logits[i] ?? 0);
    }
  }
  const calibration = chooseCalibration(logits, developmentLabels, foldOfRow);
  return {
    probabilities: calibrateAll(calibration.map, logits),
    logisticProbabilities,
    calibration,
    trees: fittedTrees,
  };
}
