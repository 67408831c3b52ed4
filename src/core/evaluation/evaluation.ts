/**
 * The evaluation report of scored, labelled customers: ranking and probability quality, and
 * what a threshold earns in R$ against simple baselines. metrics.json is made of these.
 */
import {
  averagePrecision,
  brierScore,
  calibrationTable,
  expectedCalibrationError,
  logLoss,
  rocAuc,
  type CalibrationBin,
} from '../metrics';
import {
  ProfitCurve,
  profitBaselines,
  type ConfusionAtThreshold,
  type Payoffs,
  type ProfitBaselines,
} from '../decision';

export interface ThresholdReport extends ConfusionAtThreshold {
  /** Share of contacted customers who churn; NaN when nobody is contacted. */
  readonly precision: number;
  /** Share of churners contacted; NaN when there are no churners. */
  readonly recall: number;
  /** R$ per 1,000 customers of this set. */
  readonly profitPer1000: number;
  /** Profit as a share of the ideal (contacting exactly the churners). */
  readonly shareOfIdeal: number;
}

export interface EvaluationReport {
  readonly rows: number;
  readonly positives: number;
  readonly auc: number;
  readonly prAuc: number;
  readonly logLoss: number;
  readonly brier: number;
  readonly expectedCalibrationError: number;
  readonly calibration: CalibrationBin[];
  /** At the threshold chosen elsewhere (never on these rows). */
  readonly atThreshold: ThresholdReport;
  /** At the threshold that would have been best on these very rows: an optimistic ceiling. */
  readonly atBestThresholdInHindsight: ThresholdReport;
  readonly baselines: ProfitBaselines;
  /** Profit curve, thinned to at most 201 points, from nobody to everybody contacted. */
  readonly curve: { threshold: number; contacted: number; profit: number }[];
}

/** Adds precision, recall, R$ per 1,000 and share of ideal to a confusion matrix. */
export function describeThreshold(
  confusion: ConfusionAtThreshold,
  total: number,
  ideal: number,
): ThresholdReport {
  return {
    ...confusion,
    precision: confusion.contacted === 0 ? Number.NaN : confusion.tp / confusion.contacted,
    recall:
      confusion.tp + confusion.fn === 0 ? Number.NaN : confusion.tp / (confusion.tp + confusion.fn),
    profitPer1000: total === 0 ? 0 : (confusion.profit / total) * 1000,
    shareOfIdeal: ideal === 0 ? Number.NaN : confusion.profit / ideal,
  };
}

/**
 * Evaluates scores against labels at a given threshold (contact when score ≥ threshold). With no
 * rows every metric is NaN and every profit 0.
 */
export function evaluate(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
  payoffs: Payoffs,
): EvaluationReport {
  const curve = ProfitCurve.fromScores(scores, labels);
  const at = curve.at(threshold, payoffs);
  const baselines = profitBaselines(curve.total, curve.positives, at.contacted, payoffs);
  const calibration = calibrationTable(scores, labels, 10);
  return {
    rows: curve.total,
    positives: curve.positives,
    auc: rocAuc(scores, labels),
    prAuc: averagePrecision(scores, labels),
    logLoss: logLoss(scores, labels),
    brier: brierScore(scores, labels),
    expectedCalibrationError: expectedCalibrationError(calibration),
    calibration,
    atThreshold: describeThreshold(at, curve.total, baselines.ideal),
    atBestThresholdInHindsight: describeThreshold(
      curve.best(payoffs),
      curve.total,
      baselines.ideal,
    ),
    baselines,
    curve: curve
      .points(payoffs, 201)
      .map((p) => ({ threshold: p.threshold, contacted: p.contacted, profit: p.profit })),
  };
}
