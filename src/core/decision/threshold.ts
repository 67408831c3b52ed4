/** Choosing the decision threshold on labelled validation scores, robustly. */
import { orderByScoreDescending } from '../metrics';
import { thresholdAbove, thresholdBetween } from './cutPoints';
import { ProfitCurve, profitOf, type Payoffs } from './profit';
import { createRng, type Rng } from '../rng';
import { quantileSorted } from '../stats';

export interface ThresholdChoice {
  /** Contact customers whose probability is ≥ this. */
  readonly threshold: number;
  /** The threshold that is best on the validation rows themselves. */
  readonly bestOnValidation: number;
  /** 10th and 90th percentiles of the bootstrap thresholds: how settled the choice is. */
  readonly spread: readonly [number, number];
  readonly resamples: number;
}

/**
 * The median, over bootstrap resamples of the validation rows, of the profit-maximising threshold.
 * A single validation set's argmax jumps between neighbouring score groups; the median settles it.
 * resamples = 0 returns the plain argmax. No rows gives threshold 1 (contact nobody).
 */
export function chooseThreshold(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  payoffs: Payoffs,
  options: { resamples?: number; seed?: number } = {},
): ThresholdChoice {
  const n = Math.min(scores.length, labels.length);
  const bestOnValidation = ProfitCurve.fromScores(scores, labels).best(payoffs).threshold;
  const resamples = n === 0 ? 0 : (options.resamples ?? 200);
  if (resamples === 0) {
    return {
      threshold: bestOnValidation,
      bestOnValidation,
      spread: [bestOnValidation, bestOnValidation],
      resamples,
    };
  }
  const picks = bootstrapBestThresholds(
    scores,
    labels,
    n,
    payoffs,
    resamples,
    createRng(options.seed ?? 1),
  );
  picks.sort();
  return {
    threshold: quantileSorted(picks, 0.5),
    bestOnValidation,
    spread: [quantileSorted(picks, 0.1), quantileSorted(picks, 0.9)],
    resamples,
  };
}

/**
 * Each resample's ProfitCurve.fromScores(…).best(payoffs).threshold, for `resamples` draws of n
 * rows with replacement (n calls of rng.int(n) each). The rows are sorted once; a resample is a
 * count per row, swept in that order, so a resample costs O(n) instead of a sort.
 */
function bootstrapBestThresholds(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  n: number,
  payoffs: Payoffs,
  resamples: number,
  rng: Rng,
): Float64Array {
  const order = orderByScoreDescending(scores, n);
  // Groups of equal scores, best first: group g is order[groupEnd[g − 1] … groupEnd[g]).
  const groupEnd: number[] = [];
  const groupScore: number[] = [];
  for (let i = 0; i < n;) {
    const score = scores[order[i] ?? 0] ?? 0;
    while (i < n && (scores[order[i] ?? 0] ?? 0) === score) i++;
    groupEnd.push(i);
    groupScore.push(score);
  }
  const positive = Uint8Array.from({ length: n }, (_, i) => (labels[order[i] ?? 0] === 1 ? 1 : 0));
  const rankOf = new Uint32Array(n);
  for (let i = 0; i < n; i++) rankOf[order[i] ?? 0] = i;
  const counts = new Uint32Array(n);
  const picks = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const rank = rankOf[rng.int(n)] ?? 0;
      counts[rank] = (counts[rank] ?? 0) + 1;
    }
    let positives = 0;
    for (let i = 0; i < n; i++) positives += (positive[i] ?? 0) * (counts[i] ?? 0);
    const negatives = n - positives;
    // ProfitCurve.best's sweep over the resample's distinct scores (ties go to fewer contacts).
    let bestProfit = profitOf({ tp: 0, fp: 0, fn: positives, tn: negatives }, payoffs);
    let bestScore = Number.NaN;
    let topScore = Number.NaN;
    let nextScore = Number.NaN;
    let awaitingNext = false;
    let contacted = 0;
    let tp = 0;
    let start = 0;
    for (let g = 0; g < groupEnd.length; g++) {
      const end = groupEnd[g] ?? 0;
      let customers = 0;
      let churners = 0;
      for (let i = start; i < end; i++) {
        customers += counts[i] ?? 0;
        churners += (positive[i] ?? 0) * (counts[i] ?? 0);
      }
      start = end;
      if (customers === 0) continue;
      const score = groupScore[g] ?? 0;
      if (Number.isNaN(topScore)) topScore = score;
      if (awaitingNext) {
        nextScore = score;
        awaitingNext = false;
      }
      contacted += customers;
      tp += churners;
      const fp = contacted - tp;
      const profit =
        tp * payoffs.tp +
        fp * payoffs.fp +
        (positives - tp) * payoffs.fn +
        (negatives - fp) * payoffs.tn;
      if (profit > bestProfit) {
        bestProfit = profit;
        bestScore = score;
        awaitingNext = true;
      }
    }
    // ProfitCurve.thresholdForCut: above every score, 0 for everybody, else halfway down.
    picks[r] = Number.isNaN(bestScore)
      ? thresholdAbove(topScore, 1 + 1e-9)
      : awaitingNext
        ? 0
        : thresholdBetween(bestScore, nextScore);
  }
  return picks;
}
