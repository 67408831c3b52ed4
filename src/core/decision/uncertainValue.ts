/**
 * Profit when the value of a retained churner is uncertain, after Verbraken, Verbeke and Baesens
 * (2013), "A novel profit maximizing metric for measuring classification performance of customer
 * churn prediction models" (EMPC). The analyst gives a range for the TP payoff (R$ per churner
 * contacted), read as uniform; the other payoffs stay as set.
 */
import type { Payoffs, ProfitCurve } from './profit';

export interface ExpectedMaximumProfit {
  /**
   * Expected maximum profit (EMPC), R$: the mean over the value of the best profit at any
   * threshold, as if the threshold were chosen knowing the value.
   */
  readonly expectedMaximum: number;
  /** Mean number of customers the best threshold contacts, over the value. */
  readonly expectedContactedAtMaximum: number;
}

/** The range as [low, high], or null when a bound is not a finite number. */
function orderedRange(range: readonly [number, number]): [number, number] | null {
  const [a, b] = range;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  return [Math.min(a, b), Math.max(a, b)];
}

/**
 * EMPC for a TP value uniform on [low, high] R$ (swapped if given the wrong way round), by the
 * midpoint rule over `steps` values; low = high is a known value. A non-finite bound gives NaN;
 * an empty curve gives zeros.
 */
export function expectedMaximumProfit(
  curve: ProfitCurve,
  payoffs: Payoffs,
  range: readonly [number, number],
  steps = 200,
): ExpectedMaximumProfit {
  const ordered = orderedRange(range);
  if (ordered === null) {
    return { expectedMaximum: Number.NaN, expectedContactedAtMaximum: Number.NaN };
  }
  const [low, high] = ordered;
  const count = low === high ? 1 : Math.max(1, Math.floor(steps));
  let maximum = 0;
  let contacted = 0;
  for (let i = 0; i < count; i++) {
    const value = low + ((i + 0.5) / count) * (high - low);
    const best = curve.best({ ...payoffs, tp: value });
    maximum += best.profit;
    contacted += best.contacted;
  }
  return { expectedMaximum: maximum / count, expectedContactedAtMaximum: contacted / count };
}

/**
 * Expected R$ profit at a threshold for a TP value uniform on the range: profit is linear in the
 * value, so it is the profit at the range's mean. A non-finite bound gives NaN.
 */
export function expectedProfitAt(
  curve: ProfitCurve,
  payoffs: Payoffs,
  range: readonly [number, number],
  threshold: number,
): number {
  const ordered = orderedRange(range);
  if (ordered === null) return Number.NaN;
  return curve.at(threshold, { ...payoffs, tp: (ordered[0] + ordered[1]) / 2 }).profit;
}
