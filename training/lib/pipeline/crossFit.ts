/**
 * Cross-fitting on the development rows: the treatment is fitted on all of them (it reads no
 * labels), the rows are split into K stratified folds, and fold model f (its towers, a logistic
 * regression and its boosted trees) trains on the other folds with early stopping on fold f; with
 * distillation, fold f's towers learn the logits of a teacher boosted on the same rows. The
 * trees' share of the blend is chosen on the out-of-fold logits (under 'auto'); the blended
 * out-of-fold logits choose the calibration map; the calibrated out-of-fold probabilities then
 * choose the threshold. The shipped model averages every fold model's network logit, blends it
 * with the tree member (an oblivious one refitted on every development row, `refitTrees.ts`;
 * the teachers averaged) and applies the map; with `quantize`, it is the 8-bit model, and the
 * out-of-fold logits come from the same 8-bit towers and leaves of the fold models. Shared by the
 * training CLI and the cross-validation benchmark.
 */
import type * as tf from '@tensorflow/tfjs';
import { rocAuc } from '../../../src/core/metrics';
import type { CalibrationChoice, LogisticModel } from '../../../src/core/evaluation';
import type { ColumnarTable } from '../../../src/core/records';
import type { PreprocessSpec } from '../../../src/core/preprocess';
import type { TowerOutcome } from '../towerProtocol';
import type { TowerTask } from '../towers';
import type { CrossFitConfig, TrainingProgress } from './config';
import { encodeRows } from './encodedRows';
import { planFolds } from './foldPlan';
import { trainFolds, type FittedTeacher, type TrainedFolds } from './foldTraining';
import { scoreOutOfFold, type FittedTrees } from './outOfFold';
import { refitOptions, refitTreeCount, refitTrees } from './refitTrees';
import type { ObliviousTrees } from '../../../src/core/scoring';
import { shippedLeafGrid, shippedTrees } from '../treeMember';
import { loadModelFiles, saveModelFiles, type ModelFiles } from '../../../src/model/artifacts';
import { columnsRead } from '../../../src/core/scoring';
import { buildModel, meanLogistic, shippedTowers } from './scoringModel';

export interface CrossFitted {
  readonly spec: PreprocessSpec;
  /** The shipped model: every fold model's towers, the logistic member, the calibration map (quantised when asked). */
  readonly model: tf.LayersModel;
  /** The same model before quantisation (the same object when not quantised); the caller disposes it. */
  readonly unquantized: tf.LayersModel;
  /** Bytes of weights.bin as shipped. */
  readonly weightBytes: number;
  /** The shipped model's files, from which `model` was loaded. */
  readonly files: ModelFiles;
  /** Every row of the table encoded with the spec (shared memory), rows × width. */
  readonly matrix: Float32Array;
  readonly width: number;
  /** Towers fold by fold (fold f holds towers f·T … f·T + T − 1), with the tasks that trained them. */
  readonly outcomes: TowerOutcome[];
  readonly tasks: TowerTask[];
  /** Fold of each development row, in the order of `development`. */
  readonly foldOfRow: Uint8Array;
  /** Calibrated out-of-fold probability of each development row, by the fold model that did not train on it. */
  readonly outOfFold: Float64Array;
  /** The same rows' logistic-regression probabilities, out of fold: the baseline's threshold. */
  readonly logisticOutOfFold: Float64Array;
  /** The logistic baseline as shipped in the ensemble (the mean of the fold regressions). */
  readonly logistic: LogisticModel;
  readonly calibration: CalibrationChoice;
  /** The tree member as shipped, or null when its share is 0. */
  readonly trees: FittedTrees | null;
  readonly teacher: FittedTeacher | null;
  /**
   * ROC AUC of the out-of-fold probabilities from the float32 towers (the shipped share of trees,
   * calibrated fold by fold as the figures are), when asked for and the model is quantised: what
   * 8-bit costs, on the rows the figures come from. Null otherwise.
   */
  readonly unquantizedOutOfFoldAuc: number | null;
  readonly backend: string;
  readonly trainingSeconds: number;
}

/**
 * The tree member to ship: the fold models' average as chosen, or, where the oblivious trees were
 * chosen at a share above 0 and `trees.refit` F > 0, one oblivious model refitted on every
 * development row for F × the fold models' mean tree count, its leaves on the shipped grid.
 */
async function refittedMember(
  chosen: FittedTrees | null,
  trained: TrainedFolds,
  labels: Uint8Array,
  development: Uint32Array,
  config: CrossFitConfig,
): Promise<FittedTrees | null> {
  if (
    chosen === null ||
    chosen.share === 0 ||
    chosen.member.kind !== 'oblivious' ||
    trained.treeBins === null ||
    !(config.trees.refit > 0)
  ) {
    return chosen;
  }
  const count = refitTreeCount(
    chosen.treesPerFold,
    config.trees.refit,
    config.trees.boosting.maxTrees,
  );
  const bins = trained.treeBins;
  const refitHere = (signal?: AbortSignal) =>
    refitTrees(count, bins, labels, development, refitOptions(config), signal);
  const onWorker = trained.refitOnWorker?.trees === count ? trained.refitOnWorker.model : null;
  const refitted = await (onWorker === null ? refitHere() : raceRefits(onWorker, refitHere));
  const member = shippedTrees(
    [{ kind: 'oblivious', trees: refitted }],
    shippedLeafGrid(config.quantize),
  ).member;
  return {
    ...chosen,
    member,
    refitTrees: count,
    // The refit reads its own columns, not the fold models'.
    columns: columnsRead(refitted).distinct.length,
  };
}

/**
 * The refit boosting on the tree worker since the fold models came back, raced by the same refit
 * here: the worker's runs at its lowest priority, so where other work holds the CPU it may barely
 * move, and this thread's keeps the training from waiting on it. Both give the same trees to the
 * bit; the first to finish is kept and the other stopped (the worker's with its worker, after).
 */
async function raceRefits(
  onWorker: Promise<ObliviousTrees>,
  here: (signal: AbortSignal) => Promise<ObliviousTrees>,
): Promise<ObliviousTrees> {
  const stopHere = new AbortController();
  const boostedHere = here(stopHere.signal);
  // A worker that failed leaves the race to this thread.
  const fromWorker = onWorker.then(
    (model) => {
      stopHere.abort(new Error('the worker’s refit came first'));
      return model;
    },
    () => boostedHere,
  );
  // Stopped, this thread's refit rejects unheard.
  boostedHere.catch(() => undefined);
  return Promise.race([fromWorker, boostedHere]);
}

/**
 * Cross-fits on `development` (table rows; labels per table row); a file the treatment cannot
 * read throws DataFileError. With `measureUnquantized`, a quantised model's out-of-fold logits
 * are also taken from its float32 towers.
 */
export async function crossFit(
  table: ColumnarTable,
  labels: Uint8Array,
  development: Uint32Array,
  config: CrossFitConfig,
  progress: TrainingProgress,
  measureUnquantized = false,
): Promise<CrossFitted> {
  progress.stage(
    `treating ${table.columns.length} columns, fitted on ${development.length} development rows`,
  );
  const encoded = encodeRows(table, labels.length, development, config);
  const plan = planFolds(labels, development, config.folds, config.seed + 1);
  const trained = await trainFolds(encoded, labels, development, plan, config, progress);
  try {
    const shipped = shippedTowers(trained.outcomes, config.quantize);

    progress.stage('out-of-fold logits, calibration map');
    const outOfFold = scoreOutOfFold(encoded, plan, trained, shipped, config);
    // The same blend (the kind and share of trees that ship) and the same kind of calibration as the
    // figures'.
    const unquantizedOutOfFoldAuc =
      measureUnquantized && config.quantize
        ? rocAuc(
            scoreOutOfFold(
              encoded,
              plan,
              trained,
              trained.outcomes.map((outcome) => outcome.weights),
              {
                ...config,
                trees: { ...config.trees, share: outOfFold.trees?.share ?? config.trees.share },
              },
              outOfFold.trees?.member.kind,
            ).calibration.crossFitted,
            plan.developmentLabels,
          )
        : null;

    const trees = await refittedMember(outOfFold.trees, trained, labels, development, config);
    // The tree worker's last use: a refit not shipped stops taking idle CPU now.
    await trained.closeTreeWorker();

    const { width } = encoded;
    const map = outOfFold.calibration.map;
    const logistic = meanLogistic(trained.logistics);
    const unquantizedModel = buildModel(
      width,
      config,
      trained.outcomes.map((outcome) => outcome.weights),
      logistic,
      map,
      trees,
    );
    let model = unquantizedModel;
    let files: ModelFiles;
    if (config.quantize) {
      const onGrid = buildModel(width, config, shipped, logistic, map, trees);
      files = await saveModelFiles(onGrid, { quantize: true });
      onGrid.dispose();
      model = await loadModelFiles(files.modelJson, files.weights);
    } else {
      files = await saveModelFiles(unquantizedModel);
    }
    return {
      spec: encoded.spec,
      model,
      unquantized: unquantizedModel,
      weightBytes: files.weights.byteLength,
      files,
      matrix: encoded.matrix,
      width,
      outcomes: trained.outcomes,
      tasks: trained.tasks,
      foldOfRow: plan.foldOfRow,
      outOfFold: outOfFold.probabilities,
      logisticOutOfFold: outOfFold.logisticProbabilities,
      logistic,
      calibration: outOfFold.calibration,
      trees,
      teacher: trained.teacher,
      unquantizedOutOfFoldAuc,
      backend: trained.backend,
      trainingSeconds: trained.trainingSeconds,
    };
  } finally {
    await trained.closeTreeWorker();
  }
}
