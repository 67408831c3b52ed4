/**
 * Ranking and probability metrics for a binary classifier. Scores are probabilities in [0, 1],
 * labels are 0/1, both of the same length (the shorter length is used if they differ).
 */

function pairs(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return Math.min(scores.length, labels.length);
}

/** Indices sorted by descending score (ties keep index order). */
export function orderByScoreDescending(scores: ArrayLike<number>, n = scores.length): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
}

/**
 * Area under the ROC curve (probability that a random positive outranks a random negative, ties
 * counting one half). Unitless in [0, 1]; NaN when either class is absent.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = pairs(scores, labels);
  const order = orderByScoreDescending(scores, n);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  // Walk groups of tied scores from the top; each negative in a group is outranked by the
  // positives above it, plus half of the positives tied with it.
  let positivesAbove = 0;
  let sum = 0;
  let i = 0;
  while (i < n) {
    const score = scores[order[i] ?? 0] ?? 0;
    let groupPositives = 0;
    let groupNegatives = 0;
    let j = i;
    while (j < n && (scores[order[j] ?? 0] ?? 0) === score) {
      if (labels[order[j] ?? 0] === 1) groupPositives++;
      else groupNegatives++;
      j++;
    }
    sum += groupNegatives * (positivesAbove + groupPositives / 2);
    positivesAbove += groupPositives;
    i = j;
  }
  return sum / (positives * negatives);
}

/**
 * Average precision, the area under the precision–recall curve as scikit-learn computes it
 * (Σ (Rₖ − Rₖ₋₁)·Pₖ over distinct thresholds). Unitless in [0, 1]; NaN without positives.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = pairs(scores, labels);
  const order = orderByScoreDescending(scores, n);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  if (positives === 0) return Number.NaN;
  let tp = 0;
  let fp = 0;
  let previousRecall = 0;
  let ap = 0;
  let i = 0;
  while (i < n) {
    const score = scores[order[i] ?? 0] ?? 0;
    while (i < n && (scores[order[i] ?? 0] ?? 0) === score) {
      if (labels[order[i] ?? 0] === 1) tp++;
      else fp++;
      i++;
    }
    const recall = tp / positives;
    ap += (recall - previousRecall) * (tp / (tp + fp));
    previousRecall = recall;
  }
  return ap;
}

/** The clip scikit-learn applies to probabilities before taking logs (float64 epsilon). */
const LOG_LOSS_EPS = 2.220446049250313e-16;

/** Mean binary cross-entropy in nats, probabilities clipped to [ε, 1−ε]; NaN for no rows. */
export function logLoss(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = pairs(scores, labels);
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(scores[i] ?? 0, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / n;
}

/** Brier score: mean squared difference between probability and label; NaN for no rows. */
export function brierScore(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = pairs(scores, labels);
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = (scores[i] ?? 0) - (labels[i] === 1 ? 1 : 0);
    sum += d * d;
  }
  return sum / n;
}

export interface CalibrationBin {
  /** Score range of the bin, [lower, upper]. */
  readonly lower: number;
  readonly upper: number;
  readonly rows: number;
  /** Mean predicted probability in the bin. */
  readonly meanPredicted: number;
  /** Observed share of positives in the bin. */
  readonly observedRate: number;
}

/**
 * Reliability table with equal-count (quantile) bins, binned as scikit-learn's
 * calibration_curve(strategy="quantile") does. Empty bins are left out; no rows gives [].
 */
export function calibrationTable(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): CalibrationBin[] {
  const n = pairs(scores, labels);
  if (n === 0 || bins < 1) return [];
  const sorted = Float64Array.from({ length: n }, (_, i) => scores[i] ?? 0).sort();
  const edges: number[] = [];
  for (let b = 0; b <= bins; b++) {
    const position = (b / bins) * (n - 1);
    const lo = Math.floor(position);
    const hi = Math.min(lo + 1, n - 1);
    const a = sorted[lo] ?? 0;
    edges.push(a + ((sorted[hi] ?? 0) - a) * (position - lo));
  }
  const inner = edges.slice(1, -1);
  const sums = new Float64Array(bins);
  const positives = new Float64Array(bins);
  const counts = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const score = scores[i] ?? 0;
    // numpy.searchsorted(inner, score), side "left": the number of inner edges below the score
    let lo = 0;
    let hi = inner.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((inner[mid] ?? 0) < score) lo = mid + 1;
      else hi = mid;
    }
    sums[lo] = (sums[lo] ?? 0) + score;
    positives[lo] = (positives[lo] ?? 0) + (labels[i] === 1 ? 1 : 0);
    counts[lo] = (counts[lo] ?? 0) + 1;
  }
  const table: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const rows = counts[b] ?? 0;
    if (rows === 0) continue;
    table.push({
      lower: edges[b] ?? 0,
      upper: edges[b + 1] ?? 0,
      rows,
      meanPredicted: (sums[b] ?? 0) / rows,
      observedRate: (positives[b] ?? 0) / rows,
    });
  }
  return table;
}

/** Expected calibration error: row-weighted mean |predicted − observed| over a table's bins. */
export function expectedCalibrationError(table: readonly CalibrationBin[]): number {
  let rows = 0;
  let sum = 0;
  for (const bin of table) {
    rows += bin.rows;
    sum += bin.rows * Math.abs(bin.meanPredicted - bin.observedRate);
  }
  return rows === 0 ? Number.NaN : sum / rows;
}
