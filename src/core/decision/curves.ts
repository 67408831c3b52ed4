/** Points of the quality charts (ROC, precision–recall, cumulative gains) from scores and labels. */
import { orderByScoreDescending } from '../metrics';

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
 * A bootstrap band around the profit curve, by Poisson resampling weights over the labelled rows:
 * for each threshold of the grid, the 5th and 95th percentiles of R$ profit over `resamples` draws.
 * O(resamples · n) after one sort.
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
  const order = orderByScoreDescending(scores, n);
  const grid = thresholds.map((t) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((scores[order[mid] ?? 0] ?? 0) >= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const poisson = () => {
    const limit = Math.exp(-1);
    let k = 0;
    let p = uniform();
    while (p > limit) {
      k++;
      p *= uniform();
    }
    return k;
  };
  const draws = thresholds.map(() => new Float64Array(resamples));
  const cumPos = new Float64Array(n + 1);
  const cumNeg = new Float64Array(n + 1);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const w = poisson();
      const positive = labels[order[i] ?? 0] === 1;
      cumPos[i + 1] = (cumPos[i] ?? 0) + (positive ? w : 0);
      cumNeg[i + 1] = (cumNeg[i] ?? 0) + (positive ? 0 : w);
    }
    const totalPos = cumPos[n] ?? 0;
    const totalNeg = cumNeg[n] ?? 0;
    grid.forEach((k, g) => {
      const tp = cumPos[k] ?? 0;
      const fp = cumNeg[k] ?? 0;
      const value =
        tp * payoffs.tp +
        fp * payoffs.fp +
        (totalPos - tp) * payoffs.fn +
        (totalNeg - fp) * payoffs.tn;
      const target = draws[g];
      if (target !== undefined) target[r] = value;
    });
  }
  const pick = (values: Float64Array, q: number) => {
    const sorted = Float64Array.from(values).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  };
  return { low: draws.map((d) => pick(d, 0.05)), high: draws.map((d) => pick(d, 0.95)) };
}
