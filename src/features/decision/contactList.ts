/**
 * The portfolio's contact list at the current threshold (capacity included): the customers to
 * contact, most likely to churn first, in the decisions file's format (core's), so that it reads
 * as `npm run score`'s output does.
 */
import { DECISIONS_HEADER, decide, decisionLine, type Payoffs } from '../../core/decision';

/**
 * The contact list as CSV text: header, then every customer whose probability is at or above the
 * threshold, by probability descending (ties by ID ascending). With text IDs, `labels` holds each
 * customer's ID text (ids their ranks, so ties still go in ID order). No customer gives the header
 * only.
 */
export function contactListCsv(
  ids: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  threshold: number,
  payoffs: Payoffs,
  labels: readonly string[] | null = null,
): string {
  const contacted: number[] = [];
  for (let i = 0; i < probabilities.length; i++) {
    if ((probabilities[i] ?? 0) >= threshold) contacted.push(i);
  }
  contacted.sort(
    (a, b) => (probabilities[b] ?? 0) - (probabilities[a] ?? 0) || (ids[a] ?? 0) - (ids[b] ?? 0),
  );
  const lines = [DECISIONS_HEADER];
  for (const i of contacted) {
    const probability = probabilities[i] ?? 0;
    lines.push(
      decisionLine(
        labels?.[i] ?? String(ids[i] ?? ''),
        probability,
        decide(probability, threshold, payoffs),
      ),
    );
  }
  return lines.join('\n') + '\n';
}
