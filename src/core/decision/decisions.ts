/**
 * The decision for one scored customer, and the decisions file's format. `npm run score` and the
 * app's export both write it through these functions, so the two files agree to the byte.
 */
import { csvField } from '../records';
import { expectedGainWithValue, retentionBenefit, type ValueShare } from './customerValue';
import { expectedValueOfContact, expectedValueOfSkip, type Payoffs } from './profit';

/** The decisions file's header. */
export const DECISIONS_HEADER = 'ID,probability,decision,expected_value_brl';

export interface Decision {
  /** Contact the customer: the probability is at or above the threshold. */
  readonly contact: boolean;
  /** R$ expected from that decision, under the payoffs. */
  readonly expectedValue: number;
}

/**
 * The decision at a threshold (both probabilities in [0, 1]): contact when probability ≥
 * threshold, with the expected R$ of contacting or of leaving alone. A NaN probability is never
 * contacted and its expected value is NaN.
 */
export function decide(probability: number, threshold: number, payoffs: Payoffs): Decision {
  const contact = probability >= threshold;
  return {
    contact,
    expectedValue: contact
      ? expectedValueOfContact(probability, payoffs)
      : expectedValueOfSkip(probability, payoffs),
  };
}

/**
 * One line of the decisions file, without its line break: the ID as a CSV field, the probability
 * to six decimals, 1 or 0, and the expected R$ to two decimals.
 */
export function decisionLine(id: string, probability: number, decision: Decision): string {
  return `${csvField(id)},${probability.toFixed(6)},${decision.contact ? 1 : 0},${decision.expectedValue.toFixed(2)}`;
}

/** The decisions file's header when each customer has a value: the value (R$) after the probability. */
export const VALUE_DECISIONS_HEADER = 'ID,probability,value_brl,decision,expected_value_brl';

/**
 * The decision for a customer of probability p (in [0, 1]) and value `value` (R$; NaN when the
 * file gives none, which counts as the flat benefit): contact when the expected gain of contacting
 * over not contacting is positive, with the expected R$ of that decision. A NaN probability is
 * never contacted and its expected value is NaN.
 */
export function decideWithValue(
  probability: number,
  value: number,
  payoffs: Payoffs,
  rule: ValueShare,
): Decision {
  const contact = expectedGainWithValue(probability, value, payoffs, rule) > 0;
  const benefit = retentionBenefit(value, payoffs, rule);
  return {
    contact,
    expectedValue: contact
      ? probability * benefit + (1 - probability) * payoffs.fp
      : expectedValueOfSkip(probability, payoffs),
  };
}

/**
 * One line of the decisions file with values, without its line break: as decisionLine, with the
 * value to two decimals (empty when missing) after the probability.
 */
export function valueDecisionLine(
  id: string,
  probability: number,
  value: number,
  decision: Decision,
): string {
  const shown = Number.isFinite(value) ? value.toFixed(2) : '';
  return `${csvField(id)},${probability.toFixed(6)},${shown},${decision.contact ? 1 : 0},${decision.expectedValue.toFixed(2)}`;
}
