/**
 * Expected profit over customers whose churn is unknown (the snapshot): with probabilities sorted
 * once, the number contacted and the expected R$ at any threshold come from prefix sums in
 * O(log n), fast enough to follow a dragged slider.
 */
import { thresholdBetween } from './cutPoints';
import type { Payoffs } from './profit';
import { countAtOrAboveDescending, normalQuantile } from '../stats';

export interface ExpectedAtThreshold {
  readonly threshold: number;
  readonly contacted: number;
  /** Expected churners among the contacted: Σ p. */
  readonly expectedChurnersContacted: number;
  /** Expected R$ over all customers: contacted ones at p·TP + (1−p)·FP, the rest at p·FN + (1−p)·TN. */
  readonly expectedProfit: number;
}

export class ExpectedProfitCurve {
  /** Probabilities, descending. */
  readonly sorted: Float64Array;
  /** prefix[k] = Σ of the k largest probabilities. */
  private readonly prefix: Float64Array;
  /** varianceTerms[k] = Σ p·(1 − p) over the k largest probabilities. */
  private readonly varianceTerms: Float64Array;

  /**
   * Builds from probabilities in [0, 1]; an empty list gives a curve of zeros. With order
   * 'descending', a Float64Array already sorted that way (off the main thread) is used as it is,
   * in O(n); one that turns out not to be descending is sorted, so the curve is right whatever it
   * gets.
   */
  constructor(probabilities: ArrayLike<number>, order: 'any' | 'descending' = 'any') {
    this.sorted =
      order === 'descending' && probabilities instanceof Float64Array && isDescending(probabilities)
        ? probabilities
        : Float64Array.from(probabilities).sort().reverse();
    this.prefix = ExpectedProfitCurve.prefixSums(this.sorted);
    this.varianceTerms = new Float64Array(this.sorted.length + 1);
    for (let i = 0; i < this.sorted.length; i++) {
      const p = this.sorted[i] ?? 0;
      this.varianceTerms[i + 1] = (this.varianceTerms[i] ?? 0) + p * (1 - p);
    }
  }

  private static prefixSums(sorted: Float64Array): Float64Array {
    const prefix = new Float64Array(sorted.length + 1);
    for (let i = 0; i < sorted.length; i++) prefix[i + 1] = (prefix[i] ?? 0) + (sorted[i] ?? 0);
    return prefix;
  }

  get count(): number {
    return this.sorted.length;
  }

  /** Customers with probability ≥ threshold (binary search). */
  contactedAt(threshold: number): number {
    return countAtOrAboveDescending(this.sorted, threshold);
  }

  /** Expected figures when contacting every customer with probability ≥ threshold. */
  at(threshold: number, payoffs: Payoffs): ExpectedAtThreshold {
    const k = this.contactedAt(threshold);
    return {
      threshold,
      contacted: k,
      expectedChurnersContacted: this.prefix[k] ?? 0,
      expectedProfit: this.valueAt(k, payoffs),
    };
  }

  /** Expected R$ when contacting the k most likely customers (k from 0 to count). */
  private valueAt(k: number, payoffs: Payoffs): number {
    const n = this.sorted.length;
    const pContacted = this.prefix[k] ?? 0;
    const pRest = (this.prefix[n] ?? 0) - pContacted;
    return (
      pContacted * payoffs.tp +
      (k - pContacted) * payoffs.fp +
      pRest * payoffs.fn +
      (n - k - pRest) * payoffs.tn
    );
  }

  /**
   * The central interval (R$) that holds the realised profit of contacting the k most likely
   * customers (k clamped to 0…count) with probability `level`, if each customer churns
   * independently with their probability: each contacted one adds TP or FP, each other FN or TN,
   * so the variance is (TP − FP)²·Σ p(1 − p) over the contacted plus (FN − TN)²·Σ p(1 − p) over
   * the rest. By the normal approximation to that sum of independent two-valued outcomes, good
   * from a few dozen customers with p(1 − p) away from 0. An empty curve gives [0, 0]; a level
   * outside (0, 1) gives NaNs.
   */
  profitInterval(k: number, payoffs: Payoffs, level = 0.9): readonly [number, number] {
    if (!(level > 0 && level < 1)) return [Number.NaN, Number.NaN];
    const n = this.sorted.length;
    const cut = Math.min(Math.max(Math.round(k), 0), n);
    const contacted = this.varianceTerms[cut] ?? 0;
    const rest = (this.varianceTerms[n] ?? 0) - contacted;
    const variance =
      (payoffs.tp - payoffs.fp) ** 2 * contacted + (payoffs.fn - payoffs.tn) ** 2 * rest;
    const half = normalQuantile(0.5 + level / 2) * Math.sqrt(Math.max(variance, 0));
    const centre = this.valueAt(cut, payoffs);
    return [centre - half, centre + half];
  }

  /** The figures of contacting the k most likely customers; k must end a group of ties. */
  private atCount(k: number, payoffs: Payoffs): ExpectedAtThreshold {
    return {
      threshold: k === 0 ? 1 + 1e-6 : (this.sorted[k - 1] ?? 0),
      contacted: k,
      expectedChurnersContacted: this.prefix[k] ?? 0,
      expectedProfit: this.valueAt(k, payoffs),
    };
  }

  /**
   * The cut of greatest expected profit (R$), with its threshold and customers contacted; the
   * first of equal ones (fewest contacts). In O(log n): each customer contacted adds
   * p·(TP − FP − FN + TN) + (FP − TN), which falls as p falls, so the best contacts exactly those
   * for whom it is positive (or, for payoffs where it rises, no one or everyone). An empty curve
   * gives contacting no one.
   */
  best(payoffs: Payoffs): ExpectedAtThreshold {
    const n = this.sorted.length;
    const slope = payoffs.tp - payoffs.fp - payoffs.fn + payoffs.tn;
    const base = payoffs.fp - payoffs.tn;
    if (slope > 0) {
      // Strictly above the break-even probability: a tie at it adds nothing, so it is left out.
      return this.atCount(countAtOrAboveDescending(this.sorted, -base / slope, true), payoffs);
    }
    const none = this.atCount(0, payoffs);
    const all = this.atCount(n, payoffs);
    return all.expectedProfit > none.expectedProfit ? all : none;
  }

  /**
   * The expected-profit curve against customers contacted, for a chart: about maxPoints cuts evenly
   * spread in contacts, each moved to the end of its group of ties (ties go together), the first
   * and the last included, in O(maxPoints · log n). Arrays of equal length: contacted (customers),
   * threshold, expected profit (R$).
   */
  points(
    payoffs: Payoffs,
    maxPoints = 400,
  ): { contacted: number[]; threshold: number[]; profit: number[] } {
    const n = this.sorted.length;
    const step = Math.max(1, Math.floor(n / Math.max(maxPoints, 1)));
    const out = { contacted: [] as number[], threshold: [] as number[], profit: [] as number[] };
    let last = -1;
    for (let k = 0; ; k = Math.min(k + step, n)) {
      const cut = k === 0 ? 0 : countAtOrAboveDescending(this.sorted, this.sorted[k - 1] ?? 0);
      if (cut > last) {
        const at = this.atCount(cut, payoffs);
        out.contacted.push(cut);
        out.threshold.push(at.threshold);
        out.profit.push(at.expectedProfit);
        last = cut;
      }
      if (k >= n) break;
    }
    return out;
  }

  /** 1-based rank of a probability among the customers (1 = most likely to churn), and its percentile (100 = top). */
  rankOf(probability: number): { rank: number; percentile: number } {
    // Customers strictly more likely to churn rank above.
    const lo = countAtOrAboveDescending(this.sorted, probability, true);
    const n = this.sorted.length;
    const rank = Math.min(lo + 1, Math.max(n, 1));
    return { rank, percentile: n === 0 ? 0 : (100 * (n - rank + 1)) / n };
  }

  /**
   * A threshold that contacts as many customers as possible without exceeding capacity: halfway to
   * the next lower probability at a cut between distinct values (ties are contacted together or not
   * at all; the lower of the cut's two probabilities when no number lies between them). Capacity 0
   * gives a threshold above every probability.
   */
  thresholdForCapacity(capacity: number): number {
    let k = Math.min(Math.max(Math.floor(capacity), 0), this.sorted.length);
    if (k === this.sorted.length) return k === 0 ? 1 + 1e-6 : (this.sorted[k - 1] ?? 0) / 2;
    while (k > 0 && this.sorted[k - 1] === this.sorted[k]) k--;
    if (k === 0) return 1 + 1e-6;
    return thresholdBetween(this.sorted[k - 1] ?? 0, this.sorted[k] ?? 0);
  }
}

function isDescending(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if ((values[i - 1] ?? 0) < (values[i] ?? 0)) return false;
  return true;
}
