/**
 * Each customer's own value: the benefit of retaining a churner becomes a share of that customer's
 * value, capped, while a wasted contact's cost and the payoffs of leaving a customer alone stay
 * the flat ones. The rule contacts where the expected gain of contacting over not contacting,
 * p·(TP_i − FN) + (1 − p)·(FP − TN), is positive, or, under a capacity, the customers of largest
 * positive gain; with calibrated probabilities no other choice of customers expects more.
 */
import { normalQuantile } from '../stats';
import type { Payoffs } from './profit';

/** How a customer's value (R$) turns into the benefit of retaining them. */
export interface ValueShare {
  /** The share of the value a retained churner keeps for the bank, ≥ 0 (1: all of it). */
  readonly share: number;
  /** The largest benefit of one retained churner, R$, or null for no cap. */
  readonly cap: number | null;
}

export const WHOLE_VALUE: ValueShare = { share: 1, cap: null };

/**
 * The R$ benefit of retaining a churner of value `value` (R$): share × value, at most the cap.
 * A missing (NaN) or infinite value gives the flat benefit payoffs.tp.
 */
export function retentionBenefit(value: number, payoffs: Payoffs, rule: ValueShare): number {
  if (!Number.isFinite(value)) return payoffs.tp;
  const benefit = rule.share * value;
  return rule.cap === null ? benefit : Math.min(benefit, rule.cap);
}

/**
 * R$ expected from contacting a customer of churn probability p (in [0, 1]) and value `value`
 * over leaving them alone: p·(TP_i − FN) + (1 − p)·(FP − TN), TP_i from retentionBenefit. A NaN
 * probability gives NaN.
 */
export function expectedGainWithValue(
  p: number,
  value: number,
  payoffs: Payoffs,
  rule: ValueShare,
): number {
  return (
    p * (retentionBenefit(value, payoffs, rule) - payoffs.fn) + (1 - p) * (payoffs.fp - payoffs.tn)
  );
}

/**
 * A portfolio ranked by expected gain: customers in descending gain (ties by index, ascending), the
 * expected profit and its interval when contacting the first k, and the best k. Probabilities in
 * [0, 1] and values in R$ come index by index; a NaN probability is never contacted and counts
 * nothing. Empty arrays give an empty ranking whose profit is 0.
 */
export class ValueRanking {
  /** Customer indices, largest expected gain first. */
  readonly order: Uint32Array;
  /** Each customer's expected gain of contacting, R$ (by index; NaN probability: −Infinity). */
  readonly gains: Float64Array;
  /** Customers whose gain is positive: the rule's contacts without a capacity. */
  readonly positive: number;
  /** Σ over every customer of p·FN + (1 − p)·TN: the expected R$ when nobody is contacted. */
  private readonly baseline: number;
  /** prefixGain[k] = Σ of the k largest gains. */
  private readonly prefixGain: Float64Array;
  /** prefixContacted[k] = Σ (TP_i − FP)²·p(1 − p) over the first k in order. */
  private readonly prefixContacted: Float64Array;
  /** prefixSpread[k] = Σ p(1 − p) over the first k in order. */
  private readonly prefixSpread: Float64Array;

  constructor(
    probabilities: ArrayLike<number>,
    values: ArrayLike<number>,
    private readonly payoffs: Payoffs,
    rule: ValueShare,
  ) {
    const n = probabilities.length;
    this.gains = new Float64Array(n);
    const benefits = new Float64Array(n);
    let baseline = 0;
    for (let i = 0; i < n; i++) {
      const p = probabilities[i] ?? Number.NaN;
      benefits[i] = retentionBenefit(values[i] ?? Number.NaN, payoffs, rule);
      if (Number.isNaN(p)) {
        this.gains[i] = Number.NEGATIVE_INFINITY;
        continue;
      }
      this.gains[i] = expectedGainWithValue(p, values[i] ?? Number.NaN, payoffs, rule);
      baseline += p * payoffs.fn + (1 - p) * payoffs.tn;
    }
    this.baseline = baseline;
    const gains = this.gains;
    this.order = Uint32Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => (gains[b] ?? 0) - (gains[a] ?? 0) || a - b,
    );
    this.prefixGain = new Float64Array(n + 1);
    this.prefixContacted = new Float64Array(n + 1);
    this.prefixSpread = new Float64Array(n + 1);
    let positive = 0;
    this.order.forEach((i, k) => {
      const gain = gains[i] ?? Number.NEGATIVE_INFINITY;
      const p = probabilities[i] ?? Number.NaN;
      const spread = Number.isNaN(p) ? 0 : p * (1 - p);
      const usable = Number.isFinite(gain);
      if (gain > 0) positive++;
      this.prefixGain[k + 1] = (this.prefixGain[k] ?? 0) + (usable ? gain : 0);
      this.prefixSpread[k + 1] = (this.prefixSpread[k] ?? 0) + spread;
      this.prefixContacted[k + 1] =
        (this.prefixContacted[k] ?? 0) + ((benefits[i] ?? 0) - payoffs.fp) ** 2 * spread;
    });
    this.positive = positive;
  }

  get count(): number {
    return this.order.length;
  }

  /** Expected R$ over every customer when contacting the first k in order (k clamped to 0…count). */
  expectedProfitAt(k: number): number {
    return this.baseline + (this.prefixGain[this.clamp(k)] ?? 0);
  }

  /**
   * The rule: contact every customer of positive gain, or under a capacity (customers, ≥ 0; null
   * for none) the first `capacity` of them. Returns how many and the expected R$.
   */
  best(capacity: number | null): { readonly contacted: number; readonly expectedProfit: number } {
    const contacted =
      capacity === null
        ? this.positive
        : Math.min(this.positive, Math.max(0, Math.floor(capacity)));
    return { contacted, expectedProfit: this.expectedProfitAt(contacted) };
  }

  /**
   * The central interval (R$) holding the realised profit of contacting the first k with
   * probability `level`, each customer leaving or staying independently with their probability:
   * variance Σ (TP_i − FP)²·p(1 − p) over the contacted plus (FN − TN)²·Σ p(1 − p) over the rest,
   * by the normal approximation. A level outside (0, 1) gives NaNs.
   */
  profitInterval(k: number, level = 0.9): readonly [number, number] {
    if (!(level > 0 && level < 1)) return [Number.NaN, Number.NaN];
    const cut = this.clamp(k);
    const rest = (this.prefixSpread[this.count] ?? 0) - (this.prefixSpread[cut] ?? 0);
    const variance =
      (this.prefixContacted[cut] ?? 0) + (this.payoffs.fn - this.payoffs.tn) ** 2 * rest;
    const half = normalQuantile(0.5 + level / 2) * Math.sqrt(Math.max(variance, 0));
    const centre = this.expectedProfitAt(cut);
    return [centre - half, centre + half];
  }

  /**
   * The expected-profit curve against customers contacted in gain order, for a chart: about
   * maxPoints evenly spread cuts, the first (0) and the last (count) included.
   */
  points(maxPoints = 400): { contacted: number[]; profit: number[] } {
    const step = Math.max(1, Math.floor(this.count / Math.max(maxPoints, 1)));
    const out = { contacted: [] as number[], profit: [] as number[] };
    for (let k = 0; ; k = Math.min(k + step, this.count)) {
      out.contacted.push(k);
      out.profit.push(this.expectedProfitAt(k));
      if (k >= this.count) break;
    }
    return out;
  }

  private clamp(k: number): number {
    return Math.min(Math.max(Math.round(k), 0), this.count);
  }
}
