/**
 * Profit math in R$. A customer is contacted when its churn probability is ≥ the threshold. The
 * payoff matrix gives what one customer is worth in each cell of the confusion matrix.
 */
import { thresholdAbove, thresholdBetween } from './cutPoints';
import { countAtOrAboveDescending } from '../stats';

/** R$ per customer in each cell of the confusion matrix. */
export interface Payoffs {
  /** Contacted and a churner. */
  readonly tp: number;
  /** Contacted but not a churner. */
  readonly fp: number;
  /** A churner not contacted. */
  readonly fn: number;
  /** Neither contacted nor a churner. */
  readonly tn: number;
}

/** The bank's case: R$90 per churner retained, R$10 lost per wasted contact. */
export const DEFAULT_PAYOFFS: Payoffs = { tp: 90, fp: -10, fn: 0, tn: 0 };

/** Counts of one threshold, and their value in R$. */
export interface ConfusionAtThreshold {
  readonly threshold: number;
  readonly contacted: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  /** R$ for the whole set. */
  readonly profit: number;
}

/** R$ value of a confusion matrix under payoffs. */
export function profitOf(
  counts: { tp: number; fp: number; fn: number; tn: number },
  payoffs: Payoffs,
): number {
  return (
    counts.tp * payoffs.tp +
    counts.fp * payoffs.fp +
    counts.fn * payoffs.fn +
    counts.tn * payoffs.tn
  );
}

/** R$ expected from contacting a customer of churn probability p: p·TP + (1−p)·FP. */
export function expectedValueOfContact(p: number, payoffs: Payoffs): number {
  return p * payoffs.tp + (1 - p) * payoffs.fp;
}

/** R$ expected from leaving a customer of churn probability p alone: p·FN + (1−p)·TN. */
export function expectedValueOfSkip(p: number, payoffs: Payoffs): number {
  return p * payoffs.fn + (1 - p) * payoffs.tn;
}

/**
 * The probability above which contacting pays in expectation, (TN − FP) / ((TP − FN) + (TN − FP)):
 * 0.1 for the default payoffs. When contacting never pays it is 1; when it always pays, 0.
 */
export function breakEvenThreshold(payoffs: Payoffs): number {
  const gain = payoffs.tp - payoffs.fn;
  const loss = payoffs.tn - payoffs.fp;
  if (gain <= 0 && loss >= 0) return 1;
  if (loss <= 0 && gain >= 0) return 0;
  const t = loss / (gain + loss);
  return Math.min(Math.max(t, 0), 1);
}

/**
 * The profit curve of a scored, labelled set. Built once in O(n log n) from scores sorted with
 * prefix sums of positives; any threshold is then answered in O(log n) and any payoff matrix in
 * O(number of distinct scores).
 */
export class ProfitCurve {
  /** Distinct scores, descending. */
  readonly cuts: Float64Array;
  /** customersAtOrAbove[k]: customers with a score ≥ cuts[k]. */
  readonly customersAtOrAbove: Uint32Array;
  /** positivesAtOrAbove[k]: churners with a score ≥ cuts[k]. */
  readonly positivesAtOrAbove: Uint32Array;
  readonly total: number;
  readonly positives: number;

  private constructor(cuts: Float64Array, customers: Uint32Array, positives: Uint32Array) {
    this.cuts = cuts;
    this.customersAtOrAbove = customers;
    this.positivesAtOrAbove = positives;
    this.total = customers.length > 0 ? (customers[customers.length - 1] ?? 0) : 0;
    this.positives = positives.length > 0 ? (positives[positives.length - 1] ?? 0) : 0;
  }

  /**
   * Builds the curve. Empty input gives an empty curve whose every profit is 0; rows whose score
   * is NaN are left out.
   */
  static fromScores(scores: ArrayLike<number>, labels: ArrayLike<number>): ProfitCurve {
    const n = Math.min(scores.length, labels.length);
    // Churners' and others' scores apart, each sorted by the engine's numeric sort (ascending),
    // then walked together from the top.
    let churnerCount = 0;
    let otherCount = 0;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(scores[i])) continue;
      if (labels[i] === 1) churnerCount++;
      else otherCount++;
    }
    const churners = new Float64Array(churnerCount);
    const others = new Float64Array(otherCount);
    for (let i = 0, c = 0, o = 0; i < n; i++) {
      const score = scores[i] ?? Number.NaN;
      if (Number.isNaN(score)) continue;
      if (labels[i] === 1) churners[c++] = score;
      else others[o++] = score;
    }
    churners.sort();
    others.sort();
    const cuts: number[] = [];
    const customers: number[] = [];
    const positives: number[] = [];
    let c = churnerCount - 1;
    let o = otherCount - 1;
    let count = 0;
    let pos = 0;
    while (c >= 0 || o >= 0) {
      const top = Math.max(
        c >= 0 ? (churners[c] ?? 0) : -Infinity,
        o >= 0 ? (others[o] ?? 0) : -Infinity,
      );
      while (c >= 0 && churners[c] === top) {
        pos++;
        count++;
        c--;
      }
      while (o >= 0 && others[o] === top) {
        count++;
        o--;
      }
      cuts.push(top);
      customers.push(count);
      positives.push(pos);
    }
    return new ProfitCurve(
      Float64Array.from(cuts),
      Uint32Array.from(customers),
      Uint32Array.from(positives),
    );
  }

  /**
   * Builds the curve in one pass from rows already in descending score order (`order`: row
   * indices, as descendingScoreOrder gives them), for the many curves of one set's subsets sorted
   * once. Rows whose score is NaN, and indices beyond the scores or labels, are left out; rows out
   * of order give a wrong curve, and an index listed twice counts twice. Empty order: an empty
   * curve.
   */
  static fromOrdered(
    order: ArrayLike<number>,
    scores: ArrayLike<number>,
    labels: ArrayLike<number>,
  ): ProfitCurve {
    const cuts = new Float64Array(order.length);
    const customers = new Uint32Array(order.length);
    const positives = new Uint32Array(order.length);
    let groups = 0;
    let count = 0;
    let pos = 0;
    for (let r = 0; r < order.length; r++) {
      const i = order[r] ?? -1;
      const score = scores[i];
      const label = labels[i];
      if (score === undefined || label === undefined || Number.isNaN(score)) continue;
      count++;
      if (label === 1) pos++;
      if (groups === 0 || cuts[groups - 1] !== score) cuts[groups++] = score;
      customers[groups - 1] = count;
      positives[groups - 1] = pos;
    }
    return new ProfitCurve(
      cuts.slice(0, groups),
      customers.slice(0, groups),
      positives.slice(0, groups),
    );
  }

  /** Number of distinct cut points k such that cuts[k] ≥ threshold (binary search). */
  private cutsAtOrAbove(threshold: number): number {
    return countAtOrAboveDescending(this.cuts, threshold);
  }

  /** Confusion matrix and R$ profit when contacting every customer whose score is ≥ threshold. */
  at(threshold: number, payoffs: Payoffs): ConfusionAtThreshold {
    return this.atCut(this.cutsAtOrAbove(threshold), payoffs, threshold);
  }

  /** Confusion at "contact the top k distinct score groups" (k = 0 contacts nobody). */
  private atCut(k: number, payoffs: Payoffs, threshold: number): ConfusionAtThreshold {
    const contacted = k === 0 ? 0 : (this.customersAtOrAbove[k - 1] ?? 0);
    const tp = k === 0 ? 0 : (this.positivesAtOrAbove[k - 1] ?? 0);
    const fp = contacted - tp;
    const fn = this.positives - tp;
    const tn = this.total - this.positives - fp;
    return { threshold, contacted, tp, fp, fn, tn, profit: profitOf({ tp, fp, fn, tn }, payoffs) };
  }

  /**
   * Confusion and R$ profit at cut k (contact the top k distinct score groups; 0 = nobody, up to
   * cuts.length = everybody), with the threshold that makes it. k is clamped to that range.
   */
  cut(k: number, payoffs: Payoffs): ConfusionAtThreshold {
    const clamped = Math.max(0, Math.min(this.cuts.length, Math.floor(k)));
    return this.atCut(clamped, payoffs, this.thresholdForCut(clamped));
  }

  /**
   * A threshold that contacts exactly the top k score groups: halfway between the k-th distinct
   * score and the next one down, so new scores near a cut are treated evenly. k = 0 gives a value
   * above every score; k = all gives 0.
   */
  thresholdForCut(k: number): number {
    if (k <= 0) return thresholdAbove(this.cuts[0] ?? 1, 1 + 1e-9);
    if (k >= this.cuts.length) return 0;
    return thresholdBetween(this.cuts[k - 1] ?? 0, this.cuts[k] ?? 0);
  }

  /**
   * The profit-maximising threshold, optionally with at most `capacity` contacts. Ties go to the
   * fewer contacts. An empty curve gives threshold 1 and profit 0.
   */
  best(payoffs: Payoffs, capacity = Number.POSITIVE_INFINITY): ConfusionAtThreshold {
    let bestK = 0;
    let bestProfit = this.atCut(0, payoffs, 0).profit;
    // atCut's arithmetic, inline (no object per cut): the same numbers, several times faster.
    const negatives = this.total - this.positives;
    for (let k = 1; k <= this.cuts.length; k++) {
      const contacted = this.customersAtOrAbove[k - 1] ?? 0;
      if (contacted > capacity) break;
      const tp = this.positivesAtOrAbove[k - 1] ?? 0;
      const fp = contacted - tp;
      const profit =
        tp * payoffs.tp +
        fp * payoffs.fp +
        (this.positives - tp) * payoffs.fn +
        (negatives - fp) * payoffs.tn;
      if (profit > bestProfit) {
        bestProfit = profit;
        bestK = k;
      }
    }
    const threshold = this.thresholdForCut(bestK);
    return this.atCut(bestK, payoffs, threshold);
  }

  /**
   * Every cut point, from nobody contacted to everybody: threshold, contacts and R$ profit. With
   * maxPoints, evenly spaced cuts are kept (always the first and the last).
   */
  points(payoffs: Payoffs, maxPoints = Number.POSITIVE_INFINITY): ConfusionAtThreshold[] {
    const all = this.cuts.length + 1;
    const step = all > maxPoints ? (all - 1) / (Math.max(2, maxPoints) - 1) : 1;
    const result: ConfusionAtThreshold[] = [];
    let lastK = -1;
    for (let x = 0; x <= all - 1 + 1e-9; x += step) {
      const k = Math.min(all - 1, Math.round(x));
      if (k === lastK) continue;
      lastK = k;
      result.push(this.atCut(k, payoffs, this.thresholdForCut(k)));
    }
    if (lastK !== all - 1) result.push(this.atCut(all - 1, payoffs, this.thresholdForCut(all - 1)));
    return result;
  }
}

/**
 * The indices of `scores` by descending score (ties by index), NaN scores left out: the order
 * ProfitCurve.fromOrdered reads. Empty scores: an empty order.
 */
export function descendingScoreOrder(scores: ArrayLike<number>): Uint32Array {
  let kept = 0;
  for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i])) kept++;
  const order = new Uint32Array(kept);
  for (let i = 0, r = 0; i < scores.length; i++) if (!Number.isNaN(scores[i])) order[r++] = i;
  return order.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
}

/** Reference points for a set's profit, in R$. */
export interface ProfitBaselines {
  /** Contact every customer. */
  readonly everyone: number;
  /** Contact nobody. */
  readonly noOne: number;
  /** Contact the given number of customers picked at random (expected value). */
  readonly random: number;
  /** Contact exactly the churners: the most any model could earn. */
  readonly ideal: number;
}

/** Baselines for a set with `total` customers of whom `positives` churn; random contacts `k`. */
export function profitBaselines(
  total: number,
  positives: number,
  contacted: number,
  payoffs: Payoffs,
): ProfitBaselines {
  const negatives = total - positives;
  const everyone = positives * payoffs.tp + negatives * payoffs.fp;
  const noOne = positives * payoffs.fn + negatives * payoffs.tn;
  const share = total === 0 ? 0 : contacted / total;
  return {
    everyone,
    noOne,
    random: share * everyone + (1 - share) * noOne,
    ideal: positives * payoffs.tp + negatives * payoffs.tn,
  };
}
