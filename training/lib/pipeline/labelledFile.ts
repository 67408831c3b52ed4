/**
 * The first stage: the training file read into a table, its target resolved into 0/1 labels,
 * and a file with too few rows of one class refused.
 */
import {
  describeTargetProblem,
  resolveTarget,
  type ColumnarTable,
  type TargetMapping,
} from '../../../src/core/records';
import { DataFileError, loadTable } from '../csvFile';
import type { TrainingConfig, TrainingProgress } from './config';

export interface LabelledFile {
  readonly table: ColumnarTable;
  /** Hash of the file's text, recorded in metrics.json. */
  readonly textHash: string;
  readonly target: TargetMapping;
  /** 1 for a churner, per table row. */
  readonly labels: Uint8Array;
  readonly positives: number;
}

/** Reads and labels the training file; an unreadable file or one without both classes throws DataFileError. */
export async function readLabelledFile(
  config: Pick<TrainingConfig, 'dataPath' | 'idColumn' | 'targetColumn' | 'exclude' | 'positive'>,
  progress: TrainingProgress,
): Promise<LabelledFile> {
  progress.stage(`reading ${config.dataPath}`);
  const { table, textHash } = await loadTable(config.dataPath, {
    idColumn: config.idColumn,
    targetColumn: config.targetColumn,
    exclude: config.exclude,
  });
  const target = resolveTarget(config.targetColumn, table.targets ?? [], config.positive);
  if (!target.ok)
    throw new DataFileError(`${config.dataPath}: ${describeTargetProblem(target.problem)}`);
  const labels = target.value.labels;
  const n = labels.length;
  const positives = labels.reduce((sum, label) => sum + label, 0);
  if (positives < 10 || n - positives < 10) {
    throw new DataFileError(
      `${config.dataPath}: too few rows of one class to train (${positives} positive, ${n - positives} negative)`,
    );
  }
  return { table, textHash, target: target.value.mapping, labels, positives };
}
