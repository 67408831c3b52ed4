/** Points of the quality charts (ROC, precision–recall, cumulative gains) from scores and labels. */
import { orderByScoreDescending } from '../metrics';
import { poissonDraw } from '../poissonDraw';
import { createRng } from '../rng';

export interface CurvePoints {
  readonly x: number[];
  readonly y: number[];
}

/**
 * Walks customers from the highest score down, at most maxPoints times (ties are not split), and
 * reports ROC (FPR, TPR), precision–recall (recall, precision) and gains (share contacted, share of
 * churners found). Empty input gives empty curves.
 */
export function qualityCurves(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  maxPoints = 300,
): { roc: CurvePoints; pr: CurvePoints; gains: CurvePoints } {
  const n = Math.min(scores.length, labels.length);
  const order = orderByScoreDescending(scores, n);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = n - positives;
  const roc: CurvePoints = { x: [0], y: [0] };
  const pr: CurvePoints = { x: [], y: [] };
  const gains: CurvePoints = { x: [0], y: [0] };
  const step = Math.max(1, Math.floor(n / maxPoints));
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) {
    if (labels[order[i] ?? 0] === 1) tp++;
    else fp++;
    const nextTied = i + 1 < n && scores[order[i + 1] ?? 0] === scores[order[i] ?? 0];
    if (nextTied || ((i + 1) % step !== 0 && i !== n - 1)) continue;
    roc.x.push(negatives === 0 ? 0 : fp / negatives);
    roc.y.push(positives === 0 ? 0 : tp / positives);
    pr.x.push(positives === 0 ? 0 : tp / positives);
    pr.y.push(tp / (tp + fp));
    gains.x.push((i + 1) / n);
    gains.y.push(positives === 0 ? 0 : tp / positives);
  }
  return { roc, pr, gains };
}

/** Counts of scores in `bins` equal-width bins over [0, 1], split by label. */
export function scoreHistogram(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 40,
): { edges: number[]; churners: number[]; others: number[] } {
  const churners = new Array<number>(bins).fill(0);
  const others = new Array<number>(bins).fill(0);
  const n = Math.min(scores.length, labels.length);
  for (let i = 0; i < n; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((scores[i] ?? 0) * bins)));
    if (labels[i] === 1) churners[b] = (churners[b] ?? 0) + 1;
    else others[b] = (others[b] ?? 0) + 1;
  }
  return { edges: Array.from({ length: bins }, (_, b) => b / bins), churners, others };
}

/**
 * A bootstrap band around the profit curve: for each threshold of the grid (in any order), the 5th
 * and 95th percentiles of R$ profit over `resamples` Poisson resamples of the labelled rows, each
 * row weighted by its own Poisson(1) draw. The churners (and the others) between two neighbouring
 * thresholds are drawn as one Poisson count of their number, which is the distribution of their
 * weights' sum: O(n · log grid + resamples · grid), so 60,000 rows cost what 1,000 do. A row
 * contacts at a threshold when its score is at or above it; a NaN score never does. No rows give
 * a band of zeros; no thresholds, empty arrays.
 */
export function bootstrapProfitBand(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  thresholds: readonly number[],
  payoffs: { tp: number; fp: number; fn: number; tn: number },
  resamples = 100,
  seed = 7,
): { low: number[]; high: number[] } {
  const n = Math.min(scores.length, labels.length);
  // The grid from the highest threshold down; cell j holds the rows contacted from the j-th
  // threshold on but not before it, and the last cell the rows no threshold contacts.
  const descending = thresholds
    .map((_, g) => g)
    .sort((a, b) => (thresholds[b] ?? 0) - (thresholds[a] ?? 0));
  const cells = descending.length + 1;
  const churners = new Float64Array(cells);
  const others = new Float64Array(cells);
  for (let i = 0; i < n; i++) {
    const score = scores[i] ?? Number.NaN;
    let lo = 0;
    let hi = descending.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (score >= (thresholds[descending[mid] ?? 0] ?? 0)) hi = mid;
      else lo = mid + 1;
    }
    if (labels[i] === 1) churners[lo] = (churners[lo] ?? 0) + 1;
    else others[lo] = (others[lo] ?? 0) + 1;
  }
  const rng = createRng(seed);
  const draws = thresholds.map(() => new Float64Array(resamples));
  const tpAt = new Float64Array(descending.length);
  const fpAt = new Float64Array(descending.length);
  for (let r = 0; r < resamples; r++) {
    let tp = 0;
    let fp = 0;
    for (let j = 0; j < cells; j++) {
      tp += poissonDraw(rng, churners[j] ?? 0);
      fp += poissonDraw(rng, others[j] ?? 0);
      if (j < descending.length) {
        tpAt[j] = tp;
        fpAt[j] = fp;
      }
    }
    descending.forEach((g, j) => {
      const contactedChurners = tpAt[j] ?? 0;
      const contactedOthers = fpAt[j] ?? 0;
      const target = draws[g];
      if (target === undefined) return;
      target[r] =
        contactedChurners * payoffs.tp +
        contactedOthers * payoffs.fp +
        (tp - contactedChurners) * payoffs.fn +
        (fp - contactedOthers) * payoffs.tn;
    });
  }
  const pick = (values: Float64Array, q: number) => {
    const sorted = Float64Array.from(values).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  };
  return { low: draws.map((d) => pick(d, 0.05)), high: draws.map((d) => pick(d, 0.95)) };
}
