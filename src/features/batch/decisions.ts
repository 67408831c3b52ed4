/** Batch results as decisions: ranked rows and the CSV export, in the scoring CLI's format. */
import {
  DECISIONS_HEADER,
  decide,
  decisionLine,
  type Decision,
  type Payoffs,
} from '../../core/decision';

export interface DecisionRow extends Decision {
  readonly id: string;
  readonly probability: number;
}

/** Rows ranked by probability, highest first, with the decision and expected R$ at the threshold. */
export function rankDecisions(
  ids: readonly string[],
  probabilities: ArrayLike<number>,
  threshold: number,
  payoffs: Payoffs,
): DecisionRow[] {
  const rows = ids.map((id, i) => {
    const probability = probabilities[i] ?? 0;
    return { id, probability, ...decide(probability, threshold, payoffs) };
  });
  return rows.sort((a, b) => b.probability - a.probability);
}

/** The decisions file, as `npm run score` writes it (core's format). */
export function decisionsCsv(rows: readonly DecisionRow[]): string {
  const lines = [DECISIONS_HEADER];
  for (const row of rows) lines.push(decisionLine(row.id, row.probability, row));
  return lines.join('\n') + '\n';
}
