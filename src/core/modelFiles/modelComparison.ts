/**
 * Champion against challenger: two models' decisions on the same labelled rows, and on the same
 * portfolio. Their evaluation rows are the same rows only when both models were trained on the
 * same data with the same split, or both without a test split (every row, out of fold); then each
 * row's two probabilities pair up in order.
 */
import type { ModelMetrics } from './modelMetrics';
import { rocAuc } from '../metrics';
import {
  contactsAt,
  pairedProfitDifference,
  type PairedProfitDifference,
  ProfitCurve,
  type Payoffs,
} from '../decision';

/** Why two models' evaluation rows are not the same rows. */
export type TestRowsProblem =
  /** Trained on another file (its text hash differs). */
  | { readonly code: 'other-data' }
  /** The same file, split with another seed or test share (or one model without a test split). */
  | { readonly code: 'other-split' }
  /** The same file and split, yet other rows or labels (another version of the training code). */
  | { readonly code: 'other-rows' };

/** Null when both models' evaluation rows are the same rows in the same order, else why not. */
export function testRowsProblem(a: ModelMetrics, b: ModelMetrics): TestRowsProblem | null {
  if (a.data.hash !== b.data.hash || a.data.rowsUsed !== b.data.rowsUsed) {
    return { code: 'other-data' };
  }
  // Two models without a test split are both measured on every row, out of fold, whatever
  // their seeds.
  const bothOutOfFold =
    a.outOfSample.source === 'out-of-fold' && b.outOfSample.source === 'out-of-fold';
  if (
    !bothOutOfFold &&
    (a.outOfSample.source !== b.outOfSample.source ||
      a.split.seed !== b.split.seed ||
      a.split.testFraction !== b.split.testFraction)
  ) {
    return { code: 'other-split' };
  }
  const labelsA = a.outOfSample.labels;
  const labelsB = b.outOfSample.labels;
  if (labelsA.length !== labelsB.length || labelsA.some((label, i) => label !== labelsB[i])) {
    return { code: 'other-rows' };
  }
  return null;
}

export interface ModelOnTestRows {
  readonly threshold: number;
  readonly auc: number;
  /** R$ at its own threshold, contacts there. */
  readonly profit: number;
  readonly contacted: number;
}

export interface TestRowsComparison {
  readonly champion: ModelOnTestRows;
  readonly challenger: ModelOnTestRows;
  /** Challenger minus champion, each at its own threshold, paired row by row. */
  readonly difference: PairedProfitDifference;
}

/**
 * Both models on their (shared) evaluation rows, each at its own threshold, under `payoffs`; the caller
 * checked testRowsProblem. No rows give zeros.
 */
export function compareOnTestRows(
  champion: ModelMetrics,
  challenger: ModelMetrics,
  payoffs: Payoffs,
  resamples = 1000,
): TestRowsComparison {
  const labels = champion.outOfSample.labels;
  const on = (metrics: ModelMetrics): ModelOnTestRows => {
    const { scores } = metrics.outOfSample;
    const threshold = metrics.threshold.threshold;
    const at = ProfitCurve.fromScores(scores, labels).at(threshold, payoffs);
    return { threshold, auc: rocAuc(scores, labels), profit: at.profit, contacted: at.contacted };
  };
  return {
    champion: on(champion),
    challenger: on(challenger),
    difference: pairedProfitDifference(
      contactsAt(challenger.outOfSample.scores, challenger.threshold.threshold),
      contactsAt(champion.outOfSample.scores, champion.threshold.threshold),
      labels,
      payoffs,
      { resamples },
    ),
  };
}

/** Whom two models contact on one portfolio, each at its threshold. */
export interface PortfolioOverlap {
  readonly both: number;
  readonly championOnly: number;
  readonly challengerOnly: number;
  readonly neither: number;
}

/**
 * The overlap of two models' contacts on the same customers (probabilities in the same order;
 * the shorter array decides the count). No customers give zeros.
 */
export function portfolioOverlap(
  champion: ArrayLike<number>,
  championThreshold: number,
  challenger: ArrayLike<number>,
  challengerThreshold: number,
): PortfolioOverlap {
  let both = 0;
  let championOnly = 0;
  let challengerOnly = 0;
  let neither = 0;
  const n = Math.min(champion.length, challenger.length);
  for (let i = 0; i < n; i++) {
    const a = (champion[i] ?? Number.NaN) >= championThreshold;
    const b = (challenger[i] ?? Number.NaN) >= challengerThreshold;
    if (a && b) both++;
    else if (a) championOnly++;
    else if (b) challengerOnly++;
    else neither++;
  }
  return { both, championOnly, challengerOnly, neither };
}
