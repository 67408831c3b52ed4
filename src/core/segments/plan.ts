/**
 * One threshold per segment instead of one for everybody, chosen jointly on labelled rows under a
 * contact capacity. Each segment has its own profit curve P_s(k) over its top-k score groups; the
 * plan maximises Σ P_s(k_s) subject to Σ contacts ≤ capacity by a Lagrange multiplier λ on
 * contacts: each segment takes argmax P_s(k) − λ·contacts(k), and λ is the smallest price at
 * which the contacts fit; contacts the price leaves unused are then spent greedily. Without a
 * capacity (or when it does not bind) λ = 0 and every segment takes its own best cut. With a
 * binding capacity the price's plan is optimal among the cuts on each curve's upper concave hull
 * (the Lagrangian bound), and a greedy fill spends what ties at the price leave unused; the fill
 * can miss the best combination of cuts off the hulls.
 */
import { descendingScoreOrder, ProfitCurve, type Payoffs } from '../decision';

export interface SegmentPlan {
  /** Per segment: contact customers whose score is ≥ this (above every score: nobody). */
  readonly thresholds: Float64Array;
  /** Per segment: customers contacted on the rows the plan was made on. */
  readonly contacts: Uint32Array;
  /** R$ profit of the plan on those rows (every segment's rows, contacted or not). */
  readonly profit: number;
  /** The price per contact that made the contacts fit the capacity (0 when it did not bind). */
  readonly price: number;
}

/**
 * Each segment's profit curve from the rows in `order` (row indices by descending score, as
 * descendingScoreOrder gives them), by their codes 0…count − 1 (other codes, and rows beyond the
 * labels or codes, are left out). O(rows): one shared sort serves every segment and every fold.
 */
export function segmentCurves(
  order: ArrayLike<number>,
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  codes: ArrayLike<number>,
  count: number,
): ProfitCurve[] {
  const sizes = new Uint32Array(count);
  for (let r = 0; r < order.length; r++) {
    const code = codes[order[r] ?? -1];
    if (code !== undefined && code < count) sizes[code] = (sizes[code] ?? 0) + 1;
  }
  const members = Array.from(sizes, (size) => new Uint32Array(size));
  const filled = new Uint32Array(count);
  for (let r = 0; r < order.length; r++) {
    const i = order[r] ?? -1;
    const code = codes[i];
    if (code === undefined || code >= count) continue;
    const rows = members[code];
    const at = filled[code] ?? 0;
    if (rows === undefined) continue;
    rows[at] = i;
    filled[code] = at + 1;
  }
  return members.map((rows) => ProfitCurve.fromOrdered(rows, scores, labels));
}

/** A curve's profit and contacts at every cut 0…cuts.length. */
interface CutTable {
  readonly profit: Float64Array;
  readonly contacts: Float64Array;
}

/** ProfitCurve.cut's profit and contacts at every cut, without an object per cut. */
function cutTable(curve: ProfitCurve, payoffs: Payoffs): CutTable {
  const size = curve.cuts.length + 1;
  const profit = new Float64Array(size);
  const contacts = new Float64Array(size);
  const negatives = curve.total - curve.positives;
  for (let k = 0; k < size; k++) {
    const contacted = k === 0 ? 0 : (curve.customersAtOrAbove[k - 1] ?? 0);
    const tp = k === 0 ? 0 : (curve.positivesAtOrAbove[k - 1] ?? 0);
    const fp = contacted - tp;
    profit[k] =
      tp * payoffs.tp +
      fp * payoffs.fp +
      (curve.positives - tp) * payoffs.fn +
      (negatives - fp) * payoffs.tn;
    contacts[k] = contacted;
  }
  return { profit, contacts };
}

/** The cut of each curve that maximises profit − price · contacts (ties: fewer contacts). */
function cutsAtPrice(tables: readonly CutTable[], price: number): number[] {
  return tables.map(({ profit, contacts }) => {
    let bestK = 0;
    let best = profit[0] ?? 0;
    for (let k = 1; k < profit.length; k++) {
      const value = (profit[k] ?? 0) - price * (contacts[k] ?? 0);
      if (value > best) {
        best = value;
        bestK = k;
      }
    }
    return bestK;
  });
}

/**
 * Spends contacts the price left unused (ties at the price can drop a whole segment's cuts): moves
 * one segment at a time to the larger cut that gains the most and still fits, while any gains.
 */
function fillCapacity(tables: readonly CutTable[], cuts: number[], left: number): void {
  let remaining = left;
  for (;;) {
    let bestGain = 0;
    let bestSegment = -1;
    let bestCut = 0;
    tables.forEach(({ profit, contacts }, s) => {
      const from = cuts[s] ?? 0;
      for (let k = from + 1; k < profit.length; k++) {
        if ((contacts[k] ?? 0) - (contacts[from] ?? 0) > remaining) break;
        const gain = (profit[k] ?? 0) - (profit[from] ?? 0);
        if (gain > bestGain) {
          bestGain = gain;
          bestSegment = s;
          bestCut = k;
        }
      }
    });
    if (bestSegment < 0) return;
    const table = tables[bestSegment];
    const from = cuts[bestSegment] ?? 0;
    remaining -= (table?.contacts[bestCut] ?? 0) - (table?.contacts[from] ?? 0);
    cuts[bestSegment] = bestCut;
  }
}

/**
 * The per-segment thresholds that maximise profit on labelled rows (scores, labels and segment
 * codes 0…count − 1 per row) with at most `capacity` contacts in all (null: no limit). No rows
 * give thresholds that contact nobody and profit 0 (of customers left alone).
 */
export function planSegmentThresholds(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  codes: ArrayLike<number>,
  count: number,
  payoffs: Payoffs,
  capacity: number | null,
): SegmentPlan {
  const order = descendingScoreOrder(scores);
  return planOverCurves(segmentCurves(order, scores, labels, codes, count), payoffs, capacity);
}

/**
 * planSegmentThresholds over the segments' curves already built (segmentCurves): the same plan,
 * for callers that keep the curves while the payoffs or the capacity change. No curves give an
 * empty plan of profit 0; a capacity below 0 contacts nobody, and a NaN one is no limit.
 */
export function planOverCurves(
  curves: readonly ProfitCurve[],
  payoffs: Payoffs,
  capacity: number | null,
): SegmentPlan {
  const count = curves.length;
  const tables = curves.map((curve) => cutTable(curve, payoffs));
  const contactsOf = (cuts: readonly number[]) =>
    cuts.reduce((sum, k, s) => sum + (tables[s]?.contacts[k] ?? 0), 0);
  let price = 0;
  let cuts = cutsAtPrice(tables, 0);
  if (capacity !== null && contactsOf(cuts) > capacity) {
    // A contact never gains more than the best payoff difference: above it nobody is contacted.
    let low = 0;
    let high = Math.max(payoffs.tp - payoffs.fn, payoffs.fp - payoffs.tn, 0) + 1;
    for (let i = 0; i < 60; i++) {
      const middle = (low + high) / 2;
      if (contactsOf(cutsAtPrice(tables, middle)) > capacity) low = middle;
      else high = middle;
    }
    price = high;
    cuts = cutsAtPrice(tables, high);
    fillCapacity(tables, cuts, capacity - contactsOf(cuts));
  }
  const thresholds = new Float64Array(count);
  const contacts = new Uint32Array(count);
  let profit = 0;
  curves.forEach((curve, s) => {
    const at = curve.cut(cuts[s] ?? 0, payoffs);
    thresholds[s] = at.threshold;
    contacts[s] = at.contacted;
    profit += at.profit;
  });
  return { thresholds, contacts, profit, price };
}

/** 1 where a row's score reaches its segment's threshold (codes beyond the thresholds: 0). */
export function contactsBySegment(
  scores: ArrayLike<number>,
  codes: ArrayLike<number>,
  thresholds: ArrayLike<number>,
): Uint8Array {
  const n = Math.min(scores.length, codes.length);
  return Uint8Array.from({ length: n }, (_, i) => {
    const threshold = thresholds[codes[i] ?? -1];
    return threshold !== undefined && (scores[i] ?? Number.NaN) >= threshold ? 1 : 0;
  });
}
