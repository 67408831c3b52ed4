/**
 * The one rule that says whom to contact, coherent with the payoffs and the capacity. By default,
 * every customer whose expected gain of contacting over leaving alone is not negative, by the
 * model's own (calibrated) probabilities: p·(TP − FN) + (1 − p)·(FP − TN) ≥ 0. That is a
 * probability threshold, and, over the portfolio, the cut of greatest expected profit. A threshold
 * the analyst sets by hand replaces it. A capacity then raises either threshold until the contacts
 * fit, ties contacted together or not at all; under a capacity the default is the portfolio's best
 * cut within it. The app, the contact list and `npm run score` all apply this rule.
 */
import type { ExpectedAtThreshold, ExpectedProfitCurve } from './expectedProfit';
import type { Payoffs } from './profit';

/** A threshold above every probability: nobody is contacted. */
export const CONTACT_NOBODY = 1 + 1e-9;

/** What set the threshold in force. */
export type RuleBasis = 'expected-gain' | 'hand';

/** The rule in force over a portfolio. */
export interface AppliedRule extends ExpectedAtThreshold {
  /** Contact every customer whose probability is ≥ threshold (CONTACT_NOBODY: nobody). */
  readonly threshold: number;
  readonly basis: RuleBasis;
  /** True when the capacity raised the threshold above the basis's own. */
  readonly limitedByCapacity: boolean;
}

/** A payoff matrix that the rule can follow but that is probably mistyped. */
export type PayoffProblem =
  /** A wasted contact earns more than leaving the customer alone: FP > TN. */
  | { readonly code: 'wasted-contact-pays' }
  /** Contacting a churner earns less than leaving them alone: TP < FN. */
  | { readonly code: 'retained-churner-loses' };

/**
 * What is wrong with the payoffs (R$ per customer in each cell), as codes: none for the bank's
 * case (TP 90, FP −10, FN 0, TN 0). Non-finite payoffs give no problem here (the boxes refuse them).
 */
export function payoffProblems(payoffs: Payoffs): PayoffProblem[] {
  const problems: PayoffProblem[] = [];
  if (payoffs.fp > payoffs.tn) problems.push({ code: 'wasted-contact-pays' });
  if (payoffs.tp < payoffs.fn) problems.push({ code: 'retained-churner-loses' });
  return problems;
}

/**
 * R$ expected from contacting a customer of churn probability p (in [0, 1]) over leaving them
 * alone: p·(TP − FN) + (1 − p)·(FP − TN); the rule contacts where it is not negative. NaN gives NaN.
 */
export function expectedGainOfContact(p: number, payoffs: Payoffs): number {
  return p * (payoffs.tp - payoffs.fn) + (1 - p) * (payoffs.fp - payoffs.tn);
}

/**
 * The probability at and above which contacting is worth at least leaving alone:
 * (TN − FP) / ((TP − FN) + (TN − FP)), 0.1 for the default payoffs, in [0, 1]; CONTACT_NOBODY
 * when it would exceed 1 (a sure churner does not pay either). When the gain does not rise with
 * the probability (TP − FN + TN − FP ≤ 0, flagged payoffs), a threshold cannot pick
 * those worth contacting: 0 (everyone) when even a sure churner gains (TP > FN), else
 * CONTACT_NOBODY.
 */
export function expectedGainThreshold(payoffs: Payoffs): number {
  const churnerGain = payoffs.tp - payoffs.fn;
  const wastedLoss = payoffs.tn - payoffs.fp;
  const slope = churnerGain + wastedLoss;
  if (!(slope > 0)) return churnerGain > 0 ? 0 : CONTACT_NOBODY;
  const breakEven = wastedLoss / slope;
  // Beyond 1, even a sure churner does not pay (TP < FN): nobody.
  return breakEven > 1 ? CONTACT_NOBODY : Math.max(breakEven, 0);
}

/**
 * The rule in force over a portfolio's probabilities: the expected-gain threshold, or `hand` (a
 * probability in [0, 1]) when the analyst set one; then, with `capacity` (customers, ≥ 0), the
 * threshold raised until at most that many are contacted. A null capacity is no limit; an empty
 * portfolio contacts nobody at the basis's threshold.
 */
export function applyDecisionRule(
  portfolio: ExpectedProfitCurve,
  payoffs: Payoffs,
  capacity: number | null,
  hand: number | null,
): AppliedRule {
  const basis: RuleBasis = hand === null ? 'expected-gain' : 'hand';
  const own = hand ?? expectedGainThreshold(payoffs);
  const limit = capacity === null ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(capacity));
  const raised =
    portfolio.contactedAt(own) > limit ? portfolio.thresholdForCapacity(limit) : Number.NaN;
  const limitedByCapacity = raised > own;
  const threshold = limitedByCapacity ? raised : own;
  return { ...portfolio.at(threshold, payoffs), threshold, basis, limitedByCapacity };
}
