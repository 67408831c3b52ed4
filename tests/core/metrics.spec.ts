import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  brierScore,
  calibrationTable,
  logLoss,
  rocAuc,
} from '../../src/core/metrics';

interface Golden {
  scores: number[];
  labels: number[];
  roc_auc: number;
  average_precision: number;
  log_loss: number;
  brier: number;
  calibration_quantile_10: { prob_true: number[]; prob_pred: number[] };
}

// Figures computed by scikit-learn in tests/fixtures/make_golden.py.
const golden = JSON.parse(
  readFileSync(new URL('../fixtures/golden-metrics.json', import.meta.url), 'utf8'),
) as Golden;

describe('metrics agree with scikit-learn on the golden fixture (400 rows, tied scores)', () => {
  it('ROC AUC equals roc_auc_score', () => {
    expect(rocAuc(golden.scores, golden.labels)).toBeCloseTo(golden.roc_auc, 12);
  });
  it('PR AUC equals average_precision_score', () => {
    expect(averagePrecision(golden.scores, golden.labels)).toBeCloseTo(
      golden.average_precision,
      12,
    );
  });
  it('log loss equals log_loss', () => {
    expect(logLoss(golden.scores, golden.labels)).toBeCloseTo(golden.log_loss, 12);
  });
  it('Brier score equals brier_score_loss', () => {
    expect(brierScore(golden.scores, golden.labels)).toBeCloseTo(golden.brier, 12);
  });
  it('the quantile reliability table equals calibration_curve(strategy="quantile")', () => {
    const table = calibrationTable(golden.scores, golden.labels, 10);
    expect(table.map((b) => b.observedRate)).toHaveLength(
      golden.calibration_quantile_10.prob_true.length,
    );
    table.forEach((bin, i) => {
      expect(bin.observedRate).toBeCloseTo(golden.calibration_quantile_10.prob_true[i] ?? -1, 12);
      expect(bin.meanPredicted).toBeCloseTo(golden.calibration_quantile_10.prob_pred[i] ?? -1, 12);
    });
    expect(table.reduce((sum, b) => sum + b.rows, 0)).toBe(400);
  });
});

describe('metrics on edge cases', () => {
  it('AUC is 1 for a perfect ranking, 0 for a reversed one and 0.5 when all scores tie', () => {
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5);
  });
  it('AUC and PR AUC are NaN when a class is absent; empty input gives NaN everywhere', () => {
    expect(rocAuc([0.2, 0.3], [0, 0])).toBeNaN();
    expect(averagePrecision([0.2, 0.3], [0, 0])).toBeNaN();
    expect(logLoss([], [])).toBeNaN();
    expect(brierScore([], [])).toBeNaN();
    expect(calibrationTable([], [])).toEqual([]);
  });
  it('log loss stays finite for certain, wrong predictions (clipped like scikit-learn)', () => {
    expect(logLoss([0, 1], [1, 0])).toBeCloseTo(-Math.log(2.220446049250313e-16), 6);
  });
});
