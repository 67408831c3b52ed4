/**
 * The portfolio's contact list at the current threshold (capacity included): the customers to
 * contact, most likely to churn first, in two formats. The machine's is the decisions file's
 * format (core's), so that it reads as `npm run score`'s output does; the spreadsheet's opens as
 * columns in a call centre's Excel (core's contact sheet).
 */
import {
  DECISIONS_HEADER,
  contactSheetText,
  decide,
  decisionLine,
  expectedValueOfContact,
  type ContactSheetHeader,
  type Payoffs,
  type SheetConvention,
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

/**
 * The same customers in the same order as a spreadsheet: position, ID, probability in %, expected
 * R$ of the contact, under the interface's header words and separators.
 */
export function contactSheetCsv(
  ids: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  threshold: number,
  payoffs: Payoffs,
  labels: readonly string[] | null,
  header: ContactSheetHeader,
  convention: SheetConvention,
): string {
  const rows = contactedInOrder(ids, probabilities, threshold).map((i) => {
    const probability = probabilities[i] ?? 0;
    return {
      id: labels?.[i] ?? String(ids[i] ?? ''),
      probability,
      expectedValue: expectedValueOfContact(probability, payoffs),
      reason: null,
    };
  });
  return contactSheetText(rows, header, convention);
}
