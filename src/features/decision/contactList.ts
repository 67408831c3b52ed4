/**
 * The portfolio's contact list at the current threshold (capacity included): the customers to
 * contact, most likely to churn first, in two formats. The machine's is the decisions file's
 * format (core's), so that it reads as `npm run score`'s output does; the spreadsheet's opens as
 * columns in a call centre's Excel (core's contact sheet).
 */
import {
  DECISIONS_HEADER,
  VALUE_DECISIONS_HEADER,
  decide,
  decideWithValue,
  decisionLine,
  expectedValueOfContact,
  valueDecisionLine,
  type ContactSheetRow,
  type Payoffs,
  type ValueShare,
} from '../../core/decision';

/**
 * The indices of the customers at or above the threshold, by probability descending (ties by ID
 * ascending: with text IDs, ids are their ranks in ID-text order).
 */
export function contactedInOrder(
  ids: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  threshold: number,
): number[] {
  const contacted: number[] = [];
  for (let i = 0; i < probabilities.length; i++) {
    if ((probabilities[i] ?? 0) >= threshold) contacted.push(i);
  }
  return contacted.sort(
    (a, b) => (probabilities[b] ?? 0) - (probabilities[a] ?? 0) || (ids[a] ?? 0) - (ids[b] ?? 0),
  );
}

/**
 * The contact list as CSV text: header, then every customer whose probability is at or above the
 * threshold, in contactedInOrder's order. With text IDs, `labels` holds each customer's ID text.
 * No customer gives the header only.
 */
export function contactListCsv(
  ids: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  threshold: number,
  payoffs: Payoffs,
  labels: readonly string[] | null = null,
): string {
  const lines = [DECISIONS_HEADER];
  for (const i of contactedInOrder(ids, probabilities, threshold)) {
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

/** The customers of `order` (contactedInOrder's) as a spreadsheet's rows (position, ID, %, R$). */
export function contactSheetRows(
  order: readonly number[],
  ids: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  payoffs: Payoffs,
  labels: readonly string[] | null,
): ContactSheetRow[] {
  return order.map((i) => {
    const probability = probabilities[i] ?? 0;
    return {
      id: labels?.[i] ?? String(ids[i] ?? ''),
      probability,
      expectedValue: expectedValueOfContact(probability, payoffs),
      reason: null,
    };
  });
}

/** A portfolio ranked by each customer's value: its arrays and the order to contact in. */
export interface ValuedContacts {
  readonly ids: ArrayLike<number>;
  readonly labels: readonly string[] | null;
  readonly probabilities: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  /** Customer indices, largest expected gain first (core's ValueRanking.order). */
  readonly order: ArrayLike<number>;
  /** How many of `order` to contact. */
  readonly contacted: number;
}

/** The first `contacted` of `order`, each with its ID, probability, value and expected R$. */
function valuedRows(
  list: ValuedContacts,
  payoffs: Payoffs,
  rule: ValueShare,
): { id: string; probability: number; value: number; expectedValue: number }[] {
  const rows = [];
  for (let k = 0; k < list.contacted; k++) {
    const i = list.order[k] ?? 0;
    const probability = list.probabilities[i] ?? 0;
    const value = list.values[i] ?? Number.NaN;
    rows.push({
      id: list.labels?.[i] ?? String(list.ids[i] ?? ''),
      probability,
      value,
      expectedValue: decideWithValue(probability, value, payoffs, rule).expectedValue,
    });
  }
  return rows;
}

/**
 * The contact list by value in the decisions file's format with values (core's): the customers
 * to contact, largest expected gain first, as `npm run score -- --value-column` decides them.
 */
export function valueContactListCsv(
  list: ValuedContacts,
  payoffs: Payoffs,
  rule: ValueShare,
): string {
  const lines = [VALUE_DECISIONS_HEADER];
  for (const row of valuedRows(list, payoffs, rule)) {
    lines.push(
      valueDecisionLine(
        row.id,
        row.probability,
        row.value,
        decideWithValue(row.probability, row.value, payoffs, rule),
      ),
    );
  }
  return lines.join('\n') + '\n';
}

/** The same customers as a spreadsheet's rows, with each customer's value. */
export function valueContactSheetRows(
  list: ValuedContacts,
  payoffs: Payoffs,
  rule: ValueShare,
): ContactSheetRow[] {
  return valuedRows(list, payoffs, rule).map((row) => ({ ...row, reason: null }));
}
