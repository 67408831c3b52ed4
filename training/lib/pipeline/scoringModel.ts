/**
 * The scoring model as TF.js builds it from trained parts: towers' weights, the logistic member,
 * the tree member and the calibration map, and the towers' weights as they ship (8-bit where the
 * model file quantises them).
 */
import * as tf from '@tensorflow/tfjs';
import type { CalibrationMap, LogisticModel } from '../../../src/core/evaluation';
import { roundTripUint8 } from '../../../src/core/scoring';
import { shipsQuantized } from '../../../src/model/artifacts';
import { buildScoringModel } from '../../../src/model/network';
import type { TreeModel } from '../../../src/model/treeLayer';
import type { TowerOutcome } from '../towerProtocol';
import type { CrossFitConfig } from './config';

export type TowerWeights = TowerOutcome['weights'];

/** The tree member as it enters the model: its trees and its share of the blended logit. */
export interface TreeMemberPart {
  readonly member: TreeModel;
  readonly share: number;
}

/** The towers as they ship: each tensor of 1,024 values or more on the 8-bit grid when `quantize`. */
export function shippedTowers(
  outcomes: readonly TowerOutcome[],
  quantize: boolean,
): TowerWeights[] {
  return outcomes.map((outcome) =>
    outcome.weights.map((w) =>
      quantize && shipsQuantized(w.values.length)
        ? { shape: w.shape, values: roundTripUint8(w.values) }
        : w,
    ),
  );
}

/**
 * A scoring model of `towers` (their logits averaged), the linear member when the config gives it a
 * share, and the tree member when it has one and `calibration` is a map; under 'logit' the model
 * outputs the towers' (and linear member's) logit, uncalibrated and without trees.
 */
export function buildModel(
  width: number,
  config: Pick<CrossFitConfig, 'network' | 'linearShare'>,
  towers: readonly TowerWeights[],
  linear: LogisticModel,
  calibration: CalibrationMap | 'logit',
  trees: TreeMemberPart | null,
): tf.LayersModel {
  const tensors = towers.map((weights) => weights.map((w) => tf.tensor(w.values, w.shape)));
  const member =
    config.linearShare > 0
      ? {
          weights: Float32Array.from(linear.weights),
          bias: linear.bias,
          share: config.linearShare,
        }
      : null;
  const built = buildScoringModel(width, config.network, tensors, {
    linear: member,
    trees:
      calibration === 'logit' || trees === null || trees.share === 0
        ? null
        : { model: trees.member, share: trees.share },
    calibration,
  });
  tensors.flat().forEach((t) => {
    t.dispose();
  });
  return built;
}

/** The mean of logistic regressions (weights and bias), which is the mean of their logits; throws on none. */
export function meanLogistic(models: readonly LogisticModel[]): LogisticModel {
  const first = models[0];
  if (first === undefined) throw new Error('no logistic regression to average');
  const weights = new Float64Array(first.weights.length);
  let bias = 0;
  for (const model of models) {
    model.weights.forEach((w, i) => {
      weights[i] = (weights[i] ?? 0) + w / models.length;
    });
    bias += model.bias / models.length;
  }
  return { weights, bias };
}
