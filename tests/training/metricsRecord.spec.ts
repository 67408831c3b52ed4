/**
 * metrics.json, as one function builds it from the training's stages: its shape (every key, at
 * every level, with its type), figures that agree with each other and with the scores it carries,
 * and a record the model-files check accepts beside the model it describes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rocAuc } from '../../src/core/metrics';
import { DEFAULT_PAYOFFS } from '../../src/core/decision';
import { checkModelFiles } from '../../src/core/modelFiles';
import { DEFAULT_NETWORK } from '../../src/model/network';
import { readTwinStats, writeTwinCsv } from '../../training/lib/demoData';
import { DEFAULT_TRAINING, runTraining, type TrainingOutcome } from '../../training/lib/pipeline';
import { DEFAULT_BOOSTING } from '../../training/lib/treeBoosting';
import { initTensorflow } from '../../training/lib/tfNode';
import { ROOT } from '../support/paths';

let outcome: TrainingOutcome;
let heldOut: TrainingOutcome;
const ROWS = 2000;

beforeAll(async () => {
  await initTensorflow();
  const path = join(mkdtempSync(join(tmpdir(), 'retem-metrics-')), 'train.csv');
  await writeTwinCsv(await readTwinStats(ROOT), path, ROWS, 11, 1, true);
  const training = (testFraction: number) =>
    runTraining(
      {
        ...DEFAULT_TRAINING,
        dataPath: path,
        idColumn: 'ID',
        targetColumn: 'TARGET',
        exclude: [],
        testFraction,
        folds: 3,
        towers: 1,
        network: { ...DEFAULT_NETWORK, hidden: [16, 8] },
        maxEpochs: 3,
        threads: 1,
        payoffs: DEFAULT_PAYOFFS,
        trees: {
          ...DEFAULT_TRAINING.trees,
          share: 0.3,
          boosting: { ...DEFAULT_BOOSTING, maxTrees: 20 },
        },
        distillation: { ...DEFAULT_TRAINING.distillation, share: 0 },
      },
      { stage: () => undefined, epoch: () => undefined },
    );
  outcome = await training(DEFAULT_TRAINING.testFraction);
  heldOut = await training(0.15);
}, 240_000);

/** The type of every leaf, and the keys of every object, as JSON sees them (arrays by their first item). */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value === null) return 'null';
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, shapeOf(inner)]),
    );
  }
  return typeof value;
}

describe('metrics.json', () => {
  it('has the shape the app, the model card and MLflow read', () => {
    const shape = shapeOf(JSON.parse(JSON.stringify(outcome.metrics))) as Record<string, unknown>;
    expect(Object.keys(shape)).toEqual([
      'createdAt',
      'data',
      'format',
      'logisticBaseline',
      'model',
      'outOfSample',
      'payoffs',
      'schemaHash',
      'split',
      'test',
      'threshold',
      'validation',
      'version',
    ]);
    expect(shape['data']).toEqual({
      columns: 'number',
      file: 'string',
      hash: 'string',
      positives: 'number',
      rowsRead: 'number',
      rowsSkipped: 'number',
      rowsUsed: 'number',
      target: expect.any(Object) as unknown,
    });
    const model = shape['model'] as Record<string, unknown>;
    expect(Object.keys(model)).toEqual([
      'backend',
      'batchSize',
      'budget',
      'crossFit',
      'hidden',
      'inputWidth',
      'kind',
      'learningRate',
      'linearShare',
      'maxEpochs',
      'maxSteps',
      'patience',
      'quantization',
      'refit',
      'teacher',
      'towers',
      'trainingSeconds',
      'trees',
    ]);
    expect(model['budget']).toEqual({
      meanNonZeroCells: 'number',
      multiplyAddsPerCustomer: 'number',
      scoringMicrosecondsPerCustomer: 'number',
      treeComparisons: 'number',
      weightBytes: 'number',
    });
    expect(model['trees']).toEqual({
      chosenFrom: [],
      columns: 'number',
      depth: 'number',
      kind: 'string',
      kindsWeighed: [{ auc: 'number', chosenFrom: [], kind: 'string', share: 'number' }],
      learningRate: 'number',
      networkOutOfFoldAuc: 'number',
      outOfFoldAuc: 'number',
      refitTrees: 'number',
      share: 'number',
      treesPerFold: ['number'],
    });
    expect(model['teacher']).toBe('null');
    expect(shape['outOfSample']).toEqual({
      labels: ['number'],
      scores: ['number'],
      source: 'string',
    });
  });

  it('carries figures that agree with each other and with its own out-of-sample scores', () => {
    const { metrics } = outcome;
    expect(metrics.data.rowsUsed).toBe(ROWS);
    expect(metrics.split.trainRows + metrics.split.testRows).toBe(ROWS);
    expect(metrics.validation.rows).toBe(metrics.split.trainRows);
    expect(metrics.model.towers).toHaveLength(3);
    expect(metrics.model.towers.map((tower) => tower.fold)).toEqual([0, 1, 2]);
    expect(metrics.model.maxEpochs).toBe(3);
    expect(metrics.model.trees?.share).toBe(0.3);
    expect(metrics.model.budget?.treeComparisons).toBeGreaterThan(0);
    expect(metrics.model.budget?.scoringMicrosecondsPerCustomer).toBeGreaterThan(0);
    expect(metrics.test.auc).toBeCloseTo(
      rocAuc(
        Float64Array.from(metrics.outOfSample.scores),
        Uint8Array.from(metrics.outOfSample.labels),
      ),
      6,
    );
    expect(metrics.threshold.breakEven).toBeCloseTo(0.1, 12);
    expect(metrics.threshold.source).toBe('out-of-fold');
  });

  it('without a test split, reports every row out of fold, calibrated by maps that did not see it', () => {
    const { metrics } = outcome;
    expect([metrics.split.testRows, metrics.split.trainRows]).toEqual([0, ROWS]);
    expect(metrics.outOfSample.source).toBe('out-of-fold');
    expect(metrics.outOfSample.scores).toHaveLength(ROWS);
    expect(metrics.test.rows).toBe(ROWS);
    // The figures' log loss is the chosen calibration's cross-validated one (float32 scores aside).
    const calibration = metrics.model.crossFit?.calibration;
    expect(metrics.test.logLoss).toBeCloseTo(
      calibration?.crossValidatedLogLoss[calibration.method] ?? Number.NaN,
      5,
    );
    expect(metrics.logisticBaseline.rows).toBe(ROWS);
    expect(outcome.segments.development.folds).toHaveLength(ROWS);
    expect(outcome.comparison.source).toBe('out-of-fold');
  });

  it('with a test split, reports the held-out rows that no part of the model saw', () => {
    const { metrics } = heldOut;
    expect(Math.abs(metrics.split.testRows - ROWS * 0.15)).toBeLessThanOrEqual(2);
    expect(metrics.split.trainRows + metrics.split.testRows).toBe(ROWS);
    expect(metrics.outOfSample.source).toBe('test');
    expect(metrics.outOfSample.scores).toHaveLength(metrics.split.testRows);
    expect(metrics.test.rows).toBe(metrics.split.testRows);
    expect(heldOut.segments.development.folds).toBeUndefined();
    expect(heldOut.segments.test.codes[0]).toHaveLength(metrics.split.testRows);
  });

  it('is accepted beside the model and spec it was trained with', () => {
    expect(
      checkModelFiles({
        spec: JSON.parse(JSON.stringify(outcome.spec)) as unknown,
        metrics: JSON.parse(JSON.stringify(outcome.metrics)) as unknown,
        modelJson: JSON.parse(JSON.stringify(outcome.files.modelJson)) as unknown,
        weightBytes: outcome.files.weights.byteLength,
      }),
    ).toBeNull();
  });
});
