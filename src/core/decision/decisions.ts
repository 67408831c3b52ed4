/**
 * The decision for one scored customer, and the decisions file's format. `npm run score` and the
 * app's export both write it through these functions, so the two files agree to the byte.
 */
import { csvField } from '../records';
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
