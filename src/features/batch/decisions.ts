/** Batch results as decisions: ranked rows and the CSV export, in the scoring CLI's format. */
import { csvField } from '../../core/csv';
import { expectedValueOfContact, expectedValueOfSkip, type Payoffs } from '../../core/profit';

export interface DecisionRow {
  readonly id: string;
  readonly probability: number;
  readonly contact: boolean;
  readonly expectedValue: number;
}

/** Rows ranked by probability, highest first, with the decision and expected R$ at the threshold. */
export function rankDecisions(
  ids: readonly string[],
  probabilities: ArrayLike<number>,
  threshold: number,
  payoffs: Payoffs,
): DecisionRow[] {
  const rows = ids.map((id, i) => {
    const p = probabilities[i] ?? 0;
    const contact = p >= threshold;
    return {
      id,
      probability: p,
      contact,
      expectedValue: contact ? expectedValueOfContact(p, payoffs) : expectedValueOfSkip(p, payoffs),
    };
  });
  return rows.sort((a, b) => b.probability - a.probability);
}

/** `ID,probability,decision,expected_value_brl`, as `npm run score` writes it. */
export function decisionsCsv(rows: readonly DecisionRow[]): string {
  const lines = ['ID,probability,decision,expected_value_brl'];
  for (const row of rows)
    lines.push(
      `${csvField(row.id)},${row.probability.toFixed(6)},${row.contact ? 1 : 0},${row.expectedValue.toFixed(2)}`,
    );
  return lines.join('\n') + '\n';
}
