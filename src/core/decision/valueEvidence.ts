/**
 * On the labelled test rows, what ranking by each customer's value earns against ranking by
 * probability, at the same number of contacts: the realised profit of each, and a paired
 * bootstrap of the difference (the same customers drawn for both).
 */
import { retentionBenefit, ValueRanking, type ValueShare } from './customerValue';
import { pairedProfitDifference, type PairedProfitDifference } from './pairedProfit';
import type { Payoffs } from './profit';

export interface ValueEvidence {
  /** Test rows contacted by each ranking: those of positive expected gain by value. */
  readonly contacted: number;
  /** Realised R$ of contacting the first `contacted` by expected gain with each one's value. */
  readonly byValue: number;
  /** Realised R$ of contacting the `contacted` most likely to churn (ties by row order). */
  readonly byProbability: number;
  /** byValue − byProbability, with its 90% paired-bootstrap interval. */
  readonly difference: PairedProfitDifference;
}

/**
 * The evidence on test rows: probabilities in [0, 1], labels 0/1 and values in R$ (null or NaN:
 * the flat benefit) row by row; the shortest array sets the rows. Realised profit counts each
 * contacted churner's own benefit (retentionBenefit), a contacted non-churner FP, and FN or TN
 * for the rest. No rows give zeros.
 */
export function valueEvidenceOnTest(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  values: ArrayLike<number | null>,
  payoffs: Payoffs,
  share: ValueShare,
  options: { resamples?: number; seed?: number } = {},
): ValueEvidence {
  const n = Math.min(probabilities.length, labels.length, values.length);
  const worth = Float64Array.from({ length: n }, (_, i) => values[i] ?? Number.NaN);
  const scores = Float64Array.from({ length: n }, (_, i) => probabilities[i] ?? Number.NaN);
  const ranking = new ValueRanking(scores, worth, payoffs, share);
  const contacted = ranking.positive;
  const byValueContacts = new Uint8Array(n);
  for (let k = 0; k < contacted; k++) byValueContacts[ranking.order[k] ?? 0] = 1;
  const likeliest = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b,
  );
  const byProbabilityContacts = new Uint8Array(n);
  for (let k = 0; k < contacted; k++) byProbabilityContacts[likeliest[k] ?? 0] = 1;
  const benefits = Float64Array.from({ length: n }, (_, i) =>
    retentionBenefit(worth[i] ?? Number.NaN, payoffs, share),
  );
  const labelled = Uint8Array.from({ length: n }, (_, i) => (labels[i] === 1 ? 1 : 0));
  const difference = pairedProfitDifference(
    byValueContacts,
    byProbabilityContacts,
    labelled,
    payoffs,
    { ...options, benefits },
  );
  let byProbability = 0;
  for (let i = 0; i < n; i++) {
    const churner = labelled[i] === 1;
    byProbability +=
      byProbabilityContacts[i] === 1
        ? churner
          ? (benefits[i] ?? 0)
          : payoffs.fp
        : churner
          ? payoffs.fn
          : payoffs.tn;
  }
  return {
    contacted,
    byValue: byProbability + difference.observed,
    byProbability,
    difference,
  };
}
