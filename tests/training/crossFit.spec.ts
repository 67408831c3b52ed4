/**
 * Cross-fitting, on twin customers: which rows each fold model learns from and stops on, what
 * its towers learn (the label and the logits of the fold's teacher, half each), and that the shipped fold ensemble is
 * the calibrated mean of the fold models' logits.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { calibrate } from '../../src/core/evaluation/calibration';
import { rocAuc } from '../../src/core/metrics';
import { columnsRead, treeCount } from '../../src/core/scoring';
import { stratifiedSplit } from '../../training/lib/split';
import { resolveTarget } from '../../src/core/records/target';
import { buildScoringModel, predictProbabilities, DEFAULT_NETWORK } from '../../src/model/network';
import { effectiveLogitWeight } from '../../training/lib/towerLoss';
import { loadTable } from '../../training/lib/csvFile';
import { readTwinStats, writeTwinCsv } from '../../training/lib/demoData';
import {
  crossFit,
  encodeRows,
  planFolds,
  selectRows,
  type CrossFitConfig,
  type CrossFitted,
} from '../../training/lib/pipeline';
import { trainFolds } from '../../training/lib/pipeline/foldTraining';
import { refitOptions, refitTreeCount, refitTrees } from '../../training/lib/pipeline/refitTrees';
import type { ColumnarTable } from '../../src/core/records';
import { initTensorflow } from '../../training/lib/tfNode';
import {
  DEFAULT_TREE_MEMBER,
  treeInputs,
  treeModelLogits,
  treesIn,
} from '../../training/lib/treeMember';
import { DEFAULT_BOOSTING } from '../../training/lib/treeBoosting';
import { DEFAULT_DISTILLATION, foldTeacher } from '../../training/lib/distillation';
import * as tf from '@tensorflow/tfjs';
import { ROOT } from '../support/paths';

const work = mkdtempSync(join(tmpdir(), 'retem-crossfit-'));
let fitted: CrossFitted;
let development: Uint32Array;
let test: Uint32Array;
let labels: Uint8Array;
let table: ColumnarTable;
let config: CrossFitConfig;
const quiet = { stage: () => undefined, epoch: () => undefined };

beforeAll(async () => {
  await initTensorflow();
  const path = join(work, 'train.csv');
  await writeTwinCsv(await readTwinStats(ROOT), path, 2500, 7, 1, true);
  const { table: loaded } = await loadTable(path, { idColumn: 'ID', targetColumn: 'TARGET' });
  const target = resolveTarget('TARGET', loaded.targets ?? []);
  if (!target.ok) throw new Error('the twin has a 0/1 target');
  labels = target.value.labels;
  ({ kept: development, heldOut: test } = stratifiedSplit(labels, 0.2, 5));
  config = {
    idColumn: 'ID',
    target: target.value.mapping,
    seed: 5,
    folds: 4,
    towers: 1,
    network: { ...DEFAULT_NETWORK, hidden: [16, 8] },
    learningRate: 1e-3,
    batchSize: 256,
    maxSteps: 6000,
    maxEpochs: 4,
    patience: 2,
    threads: 1,
    linearShare: 0.25,
    quantize: false,
    trees: {
      ...DEFAULT_TREE_MEMBER,
      share: 0.3,
      boosting: { ...DEFAULT_BOOSTING, maxTrees: 30 },
    },
    distillation: {
      ...DEFAULT_DISTILLATION,
      share: 0.5,
      boosting: { ...DEFAULT_DISTILLATION.boosting, maxTrees: 20, learningRate: 0.2 },
    },
  };
  table = loaded;
  fitted = await crossFit(table, labels, development, config, quiet);
}, 120_000);

describe('cross-fitting', () => {
  it('teaches each fold’s towers the logits of a teacher of that fold’s training rows', async () => {
    const teacher = fitted.teacher;
    if (teacher === null) throw new Error('a distillation share of 0.5 boosts teachers');
    expect(teacher.treesPerFold).toHaveLength(4);
    // The twin's churners are predictable: the teachers rank held rows far better than chance.
    expect(teacher.outOfFoldAuc).toBeGreaterThan(0.7);
    // By default the teacher reads every column trees may split on, not the tree member's budget.
    const candidates = treeInputs(fitted.spec, fitted.matrix, fitted.width, development, {
      columns: Number.POSITIVE_INFINITY,
      bins: 64,
    });
    expect(DEFAULT_DISTILLATION.columns).toBe('all');
    expect(teacher.columns).toBe(candidates.columns.length);
    // Fold 1's teacher, boosted under each default least child hessian, chose it for every fold.
    expect(teacher.heldLogLossByHessian.map((c) => c.minChildHessian)).toEqual([10, 1]);
    const best = teacher.heldLogLossByHessian.reduce((a, b) => (b.logLoss < a.logLoss ? b : a));
    expect(teacher.minChildHessian).toBe(best.minChildHessian);
    for (const [index, task] of fitted.tasks.entries()) {
      const logits = await task.teacherLogits;
      if (logits === undefined) throw new Error('every tower learns from its fold’s teacher');
      expect(task.options.distillation).toEqual({
        share: 0.5,
        weight: DEFAULT_DISTILLATION.logitWeight,
        spreadCap: DEFAULT_DISTILLATION.logitSpreadCap,
      });
      // The weight the fold's towers trained with, as the metrics record it (one tower a fold).
      expect(teacher.logitWeightPerFold[index]).toBe(
        effectiveLogitWeight(
          { share: 0.5, weight: DEFAULT_DISTILLATION.logitWeight, spreadCap: 2.5 },
          logits,
          task.trainRows,
        ),
      );
      // The teacher speaks for its fold's rows (out of sample on the rows its towers stop on),
      // never for the test rows; the towers learn its logits on their training rows.
      for (const row of [...task.trainRows, ...task.validationRows])
        expect(Number.isFinite(logits[row])).toBe(true);
      for (const row of test) expect(logits[row]).toBeNaN();
      // A teacher, not the labels: its logits rank the training rows' labels well, without being them.
      const trainLogits = Float64Array.from(task.trainRows, (row) => logits[row] ?? 0);
      const trainLabels = Uint8Array.from(task.trainRows, (row) => labels[row] ?? 0);
      expect(rocAuc(trainLogits, trainLabels)).toBeGreaterThan(0.7);
      expect(new Set(trainLogits).size).toBeGreaterThan(50);
    }
  });

  it('boosts every later fold’s teacher under the least child hessian fold 1 chose', async () => {
    const teacher = fitted.teacher;
    if (teacher === null) throw new Error('a distillation share of 0.5 boosts teachers');
    const bins = treeInputs(fitted.spec, fitted.matrix, fitted.width, development, {
      columns: Number.POSITIVE_INFINITY,
      bins: DEFAULT_DISTILLATION.bins,
    });
    const options = {
      boosting: { ...DEFAULT_DISTILLATION.boosting, maxTrees: 20, learningRate: 0.2 },
    };
    const other = teacher.heldLogLossByHessian.find(
      (c) => c.minChildHessian !== teacher.minChildHessian,
    );
    if (other === undefined) throw new Error('two candidates were boosted');
    // One tower a fold: task f is fold f, whose teacher's seed is the training seed · 7919 + f.
    for (let fold = 1; fold < fitted.tasks.length; fold++) {
      const task = fitted.tasks[fold];
      if (task === undefined) throw new Error(`no tower for fold ${fold + 1}`);
      const rows = { train: task.trainRows, held: task.validationRows };
      const shipped = await task.teacherLogits;
      const chosen = await foldTeacher(
        bins,
        labels,
        rows,
        options,
        teacher.minChildHessian,
        5 * 7919 + fold,
      );
      expect(shipped).toEqual(chosen.logits);
      expect(teacher.treesPerFold[fold]).toBe(chosen.trees);
      // The other candidate would have taught this fold something else.
      const rejected = await foldTeacher(
        bins,
        labels,
        rows,
        options,
        other.minChildHessian,
        5 * 7919 + fold,
      );
      expect(rejected.logits).not.toEqual(chosen.logits);
    }
  });

  it('stops each fold model on its own fold, which it never trains on, and never touches the test rows', () => {
    const developmentRows = new Set(development);
    const stoppedOn: number[] = [];
    fitted.tasks.forEach((task) => {
      const trainRows = new Set(task.trainRows);
      for (const row of task.validationRows) expect(trainRows.has(row)).toBe(false);
      expect(task.trainRows.length + task.validationRows.length).toBe(development.length);
      for (const row of [...task.trainRows, ...task.validationRows])
        expect(developmentRows.has(row)).toBe(true);
      stoppedOn.push(...task.validationRows);
    });
    // The held-out folds partition the development rows: each row is out of fold exactly once.
    expect(stoppedOn.sort((a, b) => a - b)).toEqual(Array.from(development).sort((a, b) => a - b));
    expect(fitted.outOfFold).toHaveLength(development.length);
    expect(test.every((row) => !developmentRows.has(row))).toBe(true);
  });

  it('ships chosen oblivious trees as one model refitted on every development row, 1.1 × the fold models’ mean tree count', async () => {
    // Without teachers the oblivious trees are the only kind.
    const oblivious = await crossFit(
      table,
      labels,
      development,
      {
        ...config,
        trees: { ...config.trees, refit: 1.1 },
        distillation: { ...config.distillation, share: 0 },
      },
      quiet,
    );
    const trees = oblivious.trees;
    if (trees === null) throw new Error('a tree share of 0.3 keeps the trees');
    expect(trees.member.kind).toBe('oblivious');
    expect(trees.treesPerFold).toHaveLength(4);
    const mean = trees.treesPerFold.reduce((sum, n) => sum + n, 0) / 4;
    expect(trees.refitTrees).toBe(Math.round(1.1 * mean));
    expect(treesIn(trees.member)).toBe(trees.refitTrees);
    // The columns recorded are the refit's own.
    if (trees.member.kind !== 'oblivious') throw new Error('an oblivious member');
    expect(trees.columns).toBe(columnsRead(trees.member.trees).distinct.length);
    oblivious.model.dispose();
  });

  it('ships the same refitted trees, to the bit, when the refit boosts on the tree member’s worker', async () => {
    const refitting = {
      ...config,
      trees: { ...config.trees, refit: 1.1 },
      distillation: { ...config.distillation, share: 0 },
    };
    const here = await crossFit(table, labels, development, refitting, quiet);
    const onWorker = await crossFit(
      table,
      labels,
      development,
      { ...refitting, threads: 2 },
      quiet,
    );
    const [a, b] = [here.trees?.member, onWorker.trees?.member];
    if (a?.kind !== 'oblivious' || b?.kind !== 'oblivious') throw new Error('oblivious members');
    expect(onWorker.trees?.refitTrees).toBe(here.trees?.refitTrees);
    expect(Array.from(b.trees.leaves)).toEqual(Array.from(a.trees.leaves));
    expect(Array.from(b.trees.thresholds)).toEqual(Array.from(a.trees.thresholds));
    here.model.dispose();
    onWorker.model.dispose();
  });

  it('starts that refit on the worker once the fold models are back, with the count the shipped member takes', async () => {
    const refitting = {
      ...config,
      threads: 2,
      trees: { ...config.trees, refit: 1.1 },
      distillation: { ...config.distillation, share: 0 },
    };
    const encoded = encodeRows(table, labels.length, development, refitting);
    const plan = planFolds(labels, development, refitting.folds, refitting.seed + 1);
    const trained = await trainFolds(encoded, labels, development, plan, refitting, quiet);
    try {
      const onWorker = trained.refitOnWorker;
      if (onWorker === null || trained.treeBins === null) throw new Error('a refit on the worker');
      const counts = trained.foldTrees.map(treeCount);
      expect(onWorker.trees).toBe(refitTreeCount(counts, 1.1, refitting.trees.boosting.maxTrees));
      const here = await refitTrees(
        onWorker.trees,
        trained.treeBins,
        labels,
        development,
        refitOptions(refitting),
      );
      expect(Array.from((await onWorker.model).leaves)).toEqual(Array.from(here.leaves));
    } finally {
      await trained.closeTreeWorker();
    }
  });

  it('ships the calibration map applied to the blend of the fold models’ network and tree logits', () => {
    const towers = fitted.outcomes.map((outcome) =>
      outcome.weights.map((w) => tf.tensor(w.values, w.shape)),
    );
    const logitModel = buildScoringModel(
      fitted.width,
      { ...DEFAULT_NETWORK, hidden: [16, 8] },
      towers,
      {
        linear: {
          weights: Float32Array.from(fitted.logistic.weights),
          bias: fitted.logistic.bias,
          share: 0.25,
        },
        calibration: 'logit',
      },
    );
    const rows = selectRows(fitted.matrix, fitted.width, test);
    const logits = predictProbabilities(logitModel, rows, fitted.width);
    const trees = fitted.trees;
    if (trees === null) throw new Error('a tree share of 0.3 keeps the trees');
    expect(trees.share).toBe(0.3);
    const treeLogit = treeModelLogits(trees.member, rows, fitted.width);
    const shipped = predictProbabilities(fitted.model, rows, fitted.width);
    let worst = 0;
    shipped.forEach((p, i) => {
      const blended = 0.7 * (logits[i] ?? 0) + 0.3 * (treeLogit[i] ?? 0);
      worst = Math.max(worst, Math.abs(p - calibrate(fitted.calibration.map, blended)));
    });
    expect(worst).toBeLessThan(1e-5);
    expect(Math.max(...shipped) - Math.min(...shipped)).toBeGreaterThan(0.01);
  });
});
