/**
 * The training run, stage by stage: read and label the file → split off the test rows →
 * cross-fit the fold models on the rest (treatment, folds, fold training, out-of-fold scores,
 * calibration, the shipped model) → choose the threshold and evaluate on the test rows (without
 * any, on every row out of fold) → the
 * metrics record, the model card and the segment data that the export writes.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ModelMetrics, OutOfSampleSource } from '../../../src/core/modelFiles';
import type { PreprocessSpec } from '../../../src/core/preprocess';
import {
  readColumnLabels,
  type ColumnarTable,
  type ColumnLabelProblem,
  type RowIssue,
} from '../../../src/core/records';
import type { SegmentData } from '../../../src/core/segments';
import type { ModelFiles } from '../../../src/model/artifacts';
import { renderModelCard } from '../modelCard';
import { stratifiedSplit } from '../split';
import type { TrainingConfig, TrainingProgress } from './config';
import { crossFit } from './crossFit';
import { readLabelledFile } from './labelledFile';
import { metricsRecordOf } from './metricsRecord';
import { segmentDataOf } from './segmentData';
import { evaluateOutOfSample } from './outOfSampleEvaluation';
import { outOfSampleValuesOf } from './outOfSampleValues';

export interface TrainingOutcome {
  readonly model: tf.LayersModel;
  /** model.json and weights.bin exactly as measured (quantised when asked). */
  readonly files: ModelFiles;
  readonly spec: PreprocessSpec;
  readonly metrics: ModelMetrics;
  readonly card: string;
  readonly issues: readonly RowIssue[];
  /** What the app's per-segment plans need (segments.json). */
  readonly segments: SegmentData;
  /**
   * The rows the figures come from, so another model can be measured on them: the test rows, which
   * no part of this model saw, or (source 'out-of-fold') every row it trained on, with this model's
   * out-of-fold probabilities.
   */
  readonly comparison: {
    readonly table: ColumnarTable;
    readonly source: OutOfSampleSource;
    readonly rows: Uint32Array;
    readonly labels: Uint8Array;
    /** This model's probability of each row, out of sample. */
    readonly scores: Float32Array;
  };
  /** The data dictionary's lines that were not taken, and why. */
  readonly dictionaryProblems: readonly ColumnLabelProblem[];
}

/** Runs a whole training. Data problems in rows are reported in `issues`; an unusable file throws DataFileError. */
export async function runTraining(
  config: TrainingConfig,
  progress: TrainingProgress,
): Promise<TrainingOutcome> {
  const started = Date.now();
  const file = await readLabelledFile(config, progress);
  const { table, labels } = file;
  const { kept: development, heldOut: test } = stratifiedSplit(
    labels,
    config.testFraction,
    config.seed,
  );
  const fitted = await crossFit(
    table,
    labels,
    development,
    { ...config, target: file.target },
    progress,
    test.length === 0,
  );
  const evaluation = evaluateOutOfSample(fitted, labels, development, test, config, progress);
  const record = metricsRecordOf({ config, file, development, test, fitted, evaluation });
  const valued: ModelMetrics =
    config.valueColumn === undefined
      ? record
      : {
          ...record,
          outOfSample: {
            ...record.outOfSample,
            valueColumn: config.valueColumn,
            values: outOfSampleValuesOf(
              table,
              config.valueColumn,
              evaluation.rows,
              config.dataPath,
            ),
          },
        };
  const dictionary =
    config.dictionary === undefined
      ? null
      : readColumnLabels(
          config.dictionary,
          table.columns.map((c) => c.name),
        );
  const metrics: ModelMetrics =
    dictionary === null ? valued : { ...valued, columnLabels: dictionary.labels };
  const card = renderModelCard(metrics, fitted.spec, (Date.now() - started) / 1000);
  return {
    model: fitted.model,
    files: fitted.files,
    spec: fitted.spec,
    metrics,
    card,
    issues: table.issues,
    segments: segmentDataOf(
      table,
      fitted.spec,
      development,
      test,
      fitted.outOfFold,
      evaluation.developmentLabels,
      fitted.foldOfRow,
    ),
    comparison: {
      table,
      source: evaluation.source,
      rows: evaluation.rows,
      labels: evaluation.labels,
      scores: evaluation.scores,
    },
    dictionaryProblems: dictionary?.problems ?? [],
  };
}
