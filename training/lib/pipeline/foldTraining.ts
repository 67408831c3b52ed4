/**
 * The fold-training stage. Fold model f trains on the other folds and is early-stopped on fold f:
 * its towers on the worker threads; its boosted trees (the tree member) on a worker of their own;
 * and on this thread, one after the other, its teacher (depth-wise trees whose logits the towers
 * learn, when distillation is on), then its logistic regression. A fold's towers start once its
 * teacher is done. With one thread, the trees boost here after the teachers, and the towers here
 * too.
 */
import { fitLogisticCentered, type LogisticModel } from '../../../src/core/evaluation';
import { treeCount, type DepthwiseTrees, type ObliviousTrees } from '../../../src/core/scoring';
import { effectiveLogitWeight } from '../towerLoss';
import type { TowerOutcome } from '../towerProtocol';
import { trainTowers, type TowerTask } from '../towers';
import { initTensorflow } from '../tfNode';
import { boostFolds, treeInputs } from '../treeMember';
import { startTreeMemberWorker } from '../treeMemberThread';
import type { TreeBins } from '../treeBins';
import {
  chooseTeacherHessian,
  foldTeacher,
  teacherColumnLimit,
  teachersOutOfFoldAuc,
  type ChosenTeacher,
  type FoldTeacher,
} from '../distillation';
import { epochCap, type CrossFitConfig, type TrainingProgress } from './config';
import type { EncodedRows } from './encodedRows';
import type { FoldPlan } from './foldPlan';
import { refitOptions, refitTreeCount } from './refitTrees';

export interface FittedTeacher {
  readonly share: number;
  /** Trees each fold's teacher kept (early stopping on its own fold). */
  readonly treesPerFold: readonly number[];
  /** Out-of-fold ROC AUC of the teachers (each held row scored by its fold's teacher). */
  readonly outOfFoldAuc: number;
  /** Encoded columns the teachers read. */
  readonly columns: number;
  /** The least child hessian every fold's teacher used, and fold 1's held-out log loss under each candidate. */
  readonly minChildHessian: number;
  readonly heldLogLossByHessian: readonly {
    readonly minChildHessian: number;
    readonly logLoss: number;
  }[];
  /** The squared logit gap's weight each fold's towers trained with (effectiveLogitWeight). */
  readonly logitWeightPerFold: readonly number[];
}

export interface TrainedFolds {
  /** Towers fold by fold (fold f holds towers f·T … f·T + T − 1), with the tasks that trained them. */
  readonly outcomes: TowerOutcome[];
  readonly tasks: TowerTask[];
  /** Each fold's boosted oblivious trees (empty without a tree member). */
  readonly foldTrees: ObliviousTrees[];
  /** Each fold's teacher in the shipped format (empty without distillation or a tree member). */
  readonly foldTeacherTrees: DepthwiseTrees[];
  /** Each fold's logistic regression. */
  readonly logistics: LogisticModel[];
  /** The bins the oblivious trees boosted on (null where none did). */
  readonly treeBins: TreeBins | null;
  readonly teacher: FittedTeacher | null;
  readonly backend: string;
  /** Wall-clock seconds of this stage. */
  readonly trainingSeconds: number;
  /**
   * The oblivious member refitted on every development row (refitTrees, for `trees` trees from the
   * fold models' counts), boosting on the tree member's worker since the fold models came back; null
   * where it is not (one thread, no tree member, or no refit asked). Whether it ships is decided
   * later, on the out-of-fold logits.
   */
  readonly refitOnWorker: {
    readonly trees: number;
    readonly model: Promise<ObliviousTrees>;
  } | null;
  /** Ends the tree member's worker, if there is one (again: nothing); call it once the refit is taken or not needed. */
  closeTreeWorker(): Promise<void>;
}

/** Trains every fold model of `plan` on the encoded rows. */
export async function trainFolds(
  encoded: EncodedRows,
  labels: Uint8Array,
  development: Uint32Array,
  plan: FoldPlan,
  config: CrossFitConfig,
  progress: TrainingProgress,
): Promise<TrainedFolds> {
  const { spec, matrix, width, centered } = encoded;
  const { k, folds } = plan;
  const distillation = config.distillation;
  const teacherBins =
    distillation.share > 0
      ? treeInputs(spec, matrix, width, development, {
          columns: teacherColumnLimit(distillation.columns),
          bins: distillation.bins,
        })
      : null;
  const teachers: Promise<FoldTeacher>[] = [];
  // Fold 1's teacher chooses the least child hessian (chooseTeacherHessian); the other folds' use
  // it, one teacher after another.
  const chosenTeacher =
    teacherBins === null
      ? null
      : chooseTeacherHessian(
          teacherBins,
          labels,
          folds[0] ?? { train: new Uint32Array(0), held: new Uint32Array(0) },
          distillation,
          config.seed * 7919,
        );
  if (teacherBins !== null && chosenTeacher !== null) {
    teachers.push(chosenTeacher.then((chosen) => chosen.teacher));
    for (let fold = 1; fold < k; fold++) {
      const rows = folds[fold] ?? { train: new Uint32Array(0), held: new Uint32Array(0) };
      const previous = teachers[fold - 1] ?? Promise.resolve(null);
      teachers.push(
        previous
          .then(() => chosenTeacher)
          .then((chosen) =>
            foldTeacher(
              teacherBins,
              labels,
              rows,
              distillation,
              chosen.minChildHessian,
              config.seed * 7919 + fold,
            ),
          ),
      );
    }
  }
  const tasks = towerTasks(plan, teachers, teacherBins !== null, config);
  progress.stage(
    `training ${k} fold models × ${config.towers} tower(s) on ${development.length} rows (${width} inputs), each early-stopped on its own fold${teacherBins !== null ? `, learning from a teacher of depth-wise trees per fold (share ${distillation.share})` : ''}; a logistic regression per fold (baseline${config.linearShare > 0 ? ' and linear member' : ''})`,
  );
  const backend = await initTensorflow();
  progress.towersPlanned?.(tasks.map((task) => task.options.maxEpochs));
  const trainingStarted = Date.now();
  const treeOptions = config.trees;
  const withTrees = treeOptions.share === 'auto' || treeOptions.share > 0;
  // The tree member boosts on a worker of its own from the start, beside the teachers (this
  // thread) and the towers; with one thread, here after the teachers (boostTreeMember).
  const treeBins = !withTrees
    ? null
    : teacherBins !== null &&
        distillation.columns === treeOptions.columns &&
        distillation.bins === treeOptions.bins
      ? teacherBins
      : treeInputs(spec, matrix, width, development, treeOptions);
  // After the teachers, this thread also fits the logistic regressions (the baseline, and the
  // linear member when it has a share), one fold at a time, while the workers train.
  const afterTeachers = Promise.all(teachers);
  const treeMember =
    treeBins === null
      ? null
      : boostTreeMember(treeBins, labels, folds, development, config, afterTeachers);
  try {
    const [outcomes, foldTrees, foldTeachers, logistics] = await Promise.all([
      trainTowers({ matrix, width, centered, labels }, tasks, config.threads, (tower, log) => {
        progress.epoch(tower, log);
      }),
      treeMember?.foldTrees ?? [],
      afterTeachers,
      afterTeachers.then(async () => {
        const fits: LogisticModel[] = [];
        for (let fold = 0; fold < k; fold++) {
          await new Promise((resolve) => setImmediate(resolve));
          fits.push(
            fitLogisticCentered(centered, labels, plan.rowsOf(fold, false), {
              seed: config.seed + fold,
            }),
          );
        }
        return fits;
      }),
    ]);
    const chosen = chosenTeacher === null ? null : await chosenTeacher;
    const teacher =
      foldTeachers.length === 0 || teacherBins === null || chosen === null
        ? null
        : await fittedTeacher(chosen, foldTeachers, teacherBins, plan, labels, tasks, config);
    const trainingSeconds = (Date.now() - trainingStarted) / 1000;
    return {
      outcomes,
      tasks,
      foldTrees,
      foldTeacherTrees: withTrees ? foldTeachers.map((fitted) => fitted.model) : [],
      logistics,
      treeBins,
      teacher,
      backend,
      trainingSeconds,
      refitOnWorker: treeMember?.refitOnWorker() ?? null,
      closeTreeWorker: async () => {
        await treeMember?.close();
      },
    };
  } catch (error) {
    // The tree member's worker would otherwise keep the process alive.
    await treeMember?.close();
    throw error;
  }
}

/** What the teachers did, for metrics.json: the chosen hessian, their trees, AUC and weights. */
async function fittedTeacher(
  chosen: ChosenTeacher,
  foldTeachers: readonly FoldTeacher[],
  teacherBins: TreeBins,
  plan: FoldPlan,
  labels: Uint8Array,
  tasks: readonly TowerTask[],
  config: CrossFitConfig,
): Promise<FittedTeacher> {
  const distillation = config.distillation;
  return {
    minChildHessian: chosen.minChildHessian,
    heldLogLossByHessian: chosen.heldLogLossByHessian,
    share: distillation.share,
    treesPerFold: foldTeachers.map((fitted) => fitted.trees),
    outOfFoldAuc: teachersOutOfFoldAuc(foldTeachers, plan.folds, labels),
    columns: teacherBins.columns.length,
    logitWeightPerFold: await Promise.all(
      plan.folds.map(async (rows, fold) => {
        const matching = tasks[fold * config.towers]?.options.distillation;
        const logits = await tasks[fold * config.towers]?.teacherLogits;
        return matching === undefined || logits === undefined
          ? distillation.logitWeight
          : effectiveLogitWeight(matching, logits, rows.train);
      }),
    ),
  };
}

/**
 * The tree member's fold models: with more than one thread, on a worker of their own from the
 * start, which then boosts the refit (at its lowest priority) while the towers train, the
 * out-of-fold logits deciding later whether it ships; with one thread, here after the teachers.
 */
function boostTreeMember(
  bins: TreeBins,
  labels: Uint8Array,
  folds: FoldPlan['folds'],
  development: Uint32Array,
  config: CrossFitConfig,
  afterTeachers: Promise<unknown>,
): {
  readonly foldTrees: Promise<ObliviousTrees[]>;
  /** The refit on the worker, once the fold models are back; null before, or without one. */
  refitOnWorker(): TrainedFolds['refitOnWorker'];
  close(): Promise<void>;
} {
  const { boosting, refit } = config.trees;
  if (config.threads <= 1) {
    return {
      foldTrees: afterTeachers.then(() => boostFolds(bins, labels, folds, boosting, config.seed)),
      refitOnWorker: () => null,
      close: async () => {},
    };
  }
  const worker = startTreeMemberWorker({ bins, labels, folds, boosting, seed: config.seed });
  let refitOnWorker: TrainedFolds['refitOnWorker'] = null;
  const foldTrees = worker.folds.then((models) => {
    if (refit > 0) {
      const trees = refitTreeCount(models.map(treeCount), refit, boosting.maxTrees);
      const model = worker.refit({ trees, development, options: refitOptions(config) });
      // Awaited where the refit ships; a refit dropped with the worker rejects unheard.
      model.catch(() => undefined);
      refitOnWorker = { trees, model };
    }
    return models;
  });
  return { foldTrees, refitOnWorker: () => refitOnWorker, close: () => worker.close() };
}

/** Every tower's job: its fold's rows, its seed, its epoch cap, and its fold's teacher logits. */
function towerTasks(
  plan: FoldPlan,
  teachers: readonly Promise<FoldTeacher>[],
  distilled: boolean,
  config: CrossFitConfig,
): TowerTask[] {
  const distillation = config.distillation;
  const tasks: TowerTask[] = [];
  for (let fold = 0; fold < plan.k; fold++) {
    const trainRows = plan.rowsOf(fold, false);
    const validationRows = plan.rowsOf(fold, true);
    const teacherLogits = teachers[fold]?.then((teacher) => teacher.logits);
    for (let tower = 0; tower < config.towers; tower++) {
      tasks.push({
        teacherLogits,
        trainRows,
        validationRows,
        options: {
          network: config.network,
          seed: config.seed * 1000 + fold * config.towers + tower + 1,
          learningRate: config.learningRate,
          batchSize: config.batchSize,
          maxEpochs: epochCap(config, trainRows.length),
          patience: config.patience,
          distillation: !distilled
            ? undefined
            : {
                share: distillation.share,
                weight: distillation.logitWeight,
                spreadCap:
                  distillation.logitSpreadCap > 0 ? distillation.logitSpreadCap : undefined,
              },
        },
      });
    }
  }
  return tasks;
}
