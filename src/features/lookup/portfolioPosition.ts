/**
 * Where a looked-up customer stands in the installed portfolio, by the probability the portfolio
 * was scored with (the one the contact list uses), not the lookup's fresh one: two scoring paths
 * may differ in the last bits, and a customer must never rank above itself.
 */
import type { CustomerKey } from '../../core/records';
import type { ExpectedProfitCurve } from '../../core/decision';

/** The portfolio as the app holds it: IDs ascending (ranks for text IDs, whose texts are labels). */
export interface ScoredPortfolio {
  readonly ids: Float64Array;
  readonly labels: readonly string[] | null;
  readonly probabilities: Float32Array;
  readonly curve: ExpectedProfitCurve;
}

/** Index of a customer in the portfolio, or −1: binary search for integer IDs, a scan for text. */
export function portfolioIndexOf(portfolio: ScoredPortfolio, key: CustomerKey): number {
  if (typeof key === 'string') return portfolio.labels?.indexOf(key) ?? -1;
  const { ids } = portfolio;
  let low = 0;
  let high = ids.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const id = ids[middle] ?? 0;
    if (id === key) return middle;
    if (id < key) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/**
 * The customer's portfolio probability and its 1-based rank (1 = most likely to churn) among the
 * portfolio's customers; null when the customer is not in the portfolio.
 */
export function portfolioPosition(
  portfolio: ScoredPortfolio,
  key: CustomerKey,
): { probability: number; rank: number; percentile: number } | null {
  const index = portfolioIndexOf(portfolio, key);
  if (index < 0) return null;
  const probability = portfolio.probabilities[index] ?? Number.NaN;
  return { probability, ...portfolio.curve.rankOf(probability) };
}
