/**
 * Two models' decisions on the same labelled rows, compared by a paired bootstrap: rows are drawn
 * with replacement and both models are scored on the same draw, so the interval is that of the
 * difference itself, not of two independent figures.
 */
import type { Payoffs } from './profit';
import { binomialDraw } from '../binomialDraw';
import { createRng, type Rng } from '../rng';
import { quantileSorted } from '../stats';

export interface PairedProfitDifference {
  /** Profit of A minus profit of B on the rows as given (R$). */
  readonly observed: number;
  /** 5th and 95th percentiles of the difference over the resamples (R$): a 90% interval. */
  readonly interval: readonly [number, number];
  /** Share of resamples where A earns strictly more than B. */
  readonly probabilityAWins: number;
  readonly resamples: number;
}

/**
 * R$ a decision earns on one customer: contacting pays tp (or the customer's own benefit) or fp,
 * leaving them fn or tn.
 */
function gain(contact: boolean, churner: boolean, payoffs: Payoffs, benefit = payoffs.tp): number {
  if (contact) return churner ? benefit : payoffs.fp;
  return churner ? payoffs.fn : payoffs.tn;
}

/** Groups of rows sharing a difference beyond which the resampler draws picks one by one. */
const MOST_GROUPS = 64;

/**
 * A draw of the total difference over n rows picked with replacement from the n rows. Rows whose
 * difference is 0 add nothing; the rest, grouped by difference, take a multinomial draw of the
 * picks (one binomial draw per group, each conditioned on the groups before it). Past MOST_GROUPS
 * groups (customers' own values make every difference distinct), a binomial draw says how many
 * picks land on a row that differs, and those picks are drawn one by one. Both are exactly the
 * distribution of n picks, in O(groups) or O(rows that differ) per resample instead of O(n).
 */
function resamplerOf(difference: Float64Array, rng: Rng): () => number {
  const n = difference.length;
  const rowsByDifference = new Map<number, number>();
  const differing: number[] = [];
  for (const d of difference) {
    if (d === 0) continue;
    differing.push(d);
    rowsByDifference.set(d, (rowsByDifference.get(d) ?? 0) + 1);
  }
  if (rowsByDifference.size <= MOST_GROUPS) {
    const groups = [...rowsByDifference];
    return () => {
      let total = 0;
      let picksLeft = n;
      let rowsLeft = n;
      for (const [d, rows] of groups) {
        const picks = binomialDraw(rng, picksLeft, rows / rowsLeft);
        total += d * picks;
        picksLeft -= picks;
        rowsLeft -= rows;
      }
      return total;
    };
  }
  return () => {
    let total = 0;
    const picks = binomialDraw(rng, n, differing.length / n);
    for (let j = 0; j < picks; j++) total += differing[rng.int(differing.length)] ?? 0;
    return total;
  };
}

/**
 * Paired bootstrap of profit(A) − profit(B), where contactA/contactB say whom each model contacts
 * (1 = contact) on the same rows. Rows are the shortest of the three arrays; no rows gives 0 and
 * an interval of [0, 0] with probabilityAWins 0. With `benefits`, a retained churner i earns
 * benefits[i] (R$) instead of payoffs.tp.
 */
export function pairedProfitDifference(
  contactA: ArrayLike<number>,
  contactB: ArrayLike<number>,
  labels: ArrayLike<number>,
  payoffs: Payoffs,
  options: { resamples?: number; seed?: number; benefits?: ArrayLike<number> } = {},
): PairedProfitDifference {
  const n = Math.min(contactA.length, contactB.length, labels.length);
  const difference = new Float64Array(n);
  let observed = 0;
  for (let i = 0; i < n; i++) {
    const churner = labels[i] === 1;
    const benefit = options.benefits?.[i] ?? payoffs.tp;
    difference[i] =
      gain(contactA[i] === 1, churner, payoffs, benefit) -
      gain(contactB[i] === 1, churner, payoffs, benefit);
    observed += difference[i] ?? 0;
  }
  const resamples = n === 0 ? 0 : (options.resamples ?? 2000);
  if (resamples === 0) return { observed: 0, interval: [0, 0], probabilityAWins: 0, resamples: 0 };
  const rng = createRng(options.seed ?? 1);
  const resampleTotal = resamplerOf(difference, rng);
  const totals = new Float64Array(resamples);
  let wins = 0;
  for (let r = 0; r < resamples; r++) {
    const total = resampleTotal();
    totals[r] = total;
    if (total > 0) wins++;
  }
  totals.sort();
  return {
    observed,
    interval: [quantileSorted(totals, 0.05), quantileSorted(totals, 0.95)],
    probabilityAWins: wins / resamples,
    resamples,
  };
}

/**
 * R$ earned by the given decisions (1 = contact) on labelled rows: tp or fp per contact, fn or tn
 * per customer left alone. Rows are the shorter of the two arrays; no rows earn 0.
 */
export function profitOfContacts(
  contacts: ArrayLike<number>,
  labels: ArrayLike<number>,
  payoffs: Payoffs,
): number {
  const n = Math.min(contacts.length, labels.length);
  let profit = 0;
  for (let i = 0; i < n; i++) profit += gain(contacts[i] === 1, labels[i] === 1, payoffs);
  return profit;
}

/** 1 where score ≥ threshold, else 0: whom a model contacts at its threshold. */
export function contactsAt(scores: ArrayLike<number>, threshold: number): Uint8Array {
  return Uint8Array.from({ length: scores.length }, (_, i) =>
    (scores[i] ?? Number.NaN) >= threshold ? 1 : 0,
  );
}
