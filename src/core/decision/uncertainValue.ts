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
 * an empty curve gives zeros. Each cut's profit is a line in the value, so the best cut at every
 * value lies on the lines' upper envelope, walked once from low to high: O(cuts + steps), the
 * same cuts as ProfitCurve.best at each value (ties: fewer contacts) wherever the payoffs and the
 * values are exact in binary (whole reais, or ranges of them); elsewhere cuts that tie in real
 * numbers may go either way by rounding, at the same profit.
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
  const lines = new CutLines(curve, payoffs);
  const envelope = lines.upperEnvelope();
  let at = 0;
  let maximum = 0;
  let contacted = 0;
  for (let i = 0; i < count; i++) {
    const value = low + ((i + 0.5) / count) * (high - low);
    // The values rise, so the best cut only moves to more contacts.
    while (
      at + 1 < envelope.length &&
      lines.profit(envelope[at + 1] ?? 0, value) > lines.profit(envelope[at] ?? 0, value)
    ) {
      at++;
    }
    const k = envelope[at] ?? 0;
    maximum += lines.profit(k, value);
    contacted += lines.contacted(k);
  }
  return { expectedMaximum: maximum / count, expectedContactedAtMaximum: contacted / count };
}

/** A curve's cuts as lines in the TP value: churners contacted (slope) and the other cells' R$. */
class CutLines {
  constructor(
    private readonly curve: ProfitCurve,
    private readonly payoffs: Payoffs,
  ) {}

  contacted(k: number): number {
    return k === 0 ? 0 : (this.curve.customersAtOrAbove[k - 1] ?? 0);
  }

  private churners(k: number): number {
    return k === 0 ? 0 : (this.curve.positivesAtOrAbove[k - 1] ?? 0);
  }

  /** R$ at cut k for TP value `value`: ProfitCurve.best's sum, term for term. */
  profit(k: number, value: number): number {
    const { positives, total } = this.curve;
    const tp = this.churners(k);
    const fp = this.contacted(k) - tp;
    return (
      tp * value +
      fp * this.payoffs.fp +
      (positives - tp) * this.payoffs.fn +
      (total - positives - fp) * this.payoffs.tn
    );
  }

  /**
   * The cuts on the upper envelope of the lines, by rising slope: of equal slopes the highest line
   * (the first of equal ones), and no line that only touches the envelope where others meet.
   */
  upperEnvelope(): number[] {
    const cuts = this.curve.cuts.length;
    const envelope: number[] = [];
    const slope = (k: number) => this.churners(k);
    const intercept = (k: number) => this.profit(k, 0);
    for (let k = 0; k <= cuts; k++) {
      const top = envelope[envelope.length - 1];
      if (top !== undefined && slope(top) === slope(k)) {
        if (intercept(k) <= intercept(top)) continue;
        envelope.pop();
      }
      while (envelope.length >= 2) {
        const a = envelope[envelope.length - 2] ?? 0;
        const b = envelope[envelope.length - 1] ?? 0;
        // b is never strictly best when k overtakes a no later than b does.
        const kOvertakesA = (intercept(a) - intercept(k)) * (slope(b) - slope(a));
        const bOvertakesA = (intercept(a) - intercept(b)) * (slope(k) - slope(a));
        if (kOvertakesA > bOvertakesA) break;
        envelope.pop();
      }
      envelope.push(k);
    }
    return envelope;
  }
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
