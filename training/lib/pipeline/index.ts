/** The training pipeline's public face: the run, its stages that benchmarks reuse, its config. */
export {
  DEFAULT_TRAINING,
  epochCap,
  type CrossFitConfig,
  type TrainingConfig,
  type TrainingProgress,
} from './config';
export { crossFit, type CrossFitted } from './crossFit';
export { encodeRows, selectRows } from './encodedRows';
export { planFolds } from './foldPlan';
export { readLabelledFile } from './labelledFile';
export { metricsRecordOf } from './metricsRecord';
export { runTraining, type TrainingOutcome } from './runTraining';
