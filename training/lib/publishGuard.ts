/**
 * Which models may be published (GitHub Pages): never one trained on the Kaggle Santander
 * competition's data, whose license allows development only. A model's training data is known by
 * the hash of its text (metrics.json's data.hash); the competition's files have these.
 */
import type { ModelMetrics } from '../../src/core/modelFiles';

/** Text hashes of the competition's labelled and unlabelled files, as training computes them. */
export const COMPETITION_DATA_HASHES: Readonly<Record<string, string>> = {
  '6fcd53c1fa22c296': 'Santander Customer Satisfaction, train.csv',
  d87728593b988d4c: 'Santander Customer Satisfaction, test.csv',
};

export type PublishProblem = { readonly code: 'competition-data'; readonly dataset: string };

/** Why a model must not be published, or null when it may be. Never fails. */
export function publishProblem(metrics: Pick<ModelMetrics, 'data'>): PublishProblem | null {
  const dataset = COMPETITION_DATA_HASHES[metrics.data.hash];
  return dataset === undefined ? null : { code: 'competition-data', dataset };
}
