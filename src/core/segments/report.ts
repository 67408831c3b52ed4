/**
 * A per-segment plan, honestly measured: thresholds chosen jointly on the development rows'
 * out-of-fold probabilities (never on the rows they are measured on) under the capacity, against
 * the rule in force (the one threshold the analyst's decision applies to everybody); both applied
 * to the test rows, with a paired bootstrap of the difference. When the test rows are the
 * development rows themselves (a model without a test split, `development.folds` given), each
 * fold's rows are measured under the plans chosen on the other folds.
 */
import { csvField, dateTextOf } from '../records';
import {
  contactsAt,
  descendingScoreOrder,
  pairedProfitDifference,
  type PairedProfitDifference,
  ProfitCurve,
  type Payoffs,
} from '../decision';
import { contactsBySegment, planOverCurves, segmentCurves } from './plan';
import { segmentCount, segmentNames, type SegmentColumn, type SegmentName } from './segments';
import type { SegmentData } from './segmentsFile';

export interface SegmentLine {
  readonly name: SegmentName;
  readonly developmentRows: number;
  readonly developmentContacts: number;
  /**
   * The segment's threshold (above 1: nobody in it is contacted); the rule's for a segment no
   * development row fell in.
   */
  readonly threshold: number;
  readonly testRows: number;
  readonly testChurners: number;
  readonly testContacts: number;
  /** R$ on the segment's test rows at its own threshold, and under the rule in force. */
  readonly testProfit: number;
  readonly testProfitRule: number;
}

export interface SegmentReport {
  readonly lines: readonly SegmentLine[];
  /** The rule in force's threshold: the one for everybody the plan is compared with. */
  readonly ruleThreshold: number;
  /** The capacity in development rows the plans were made under; null without one. */
  readonly developmentCapacity: number | null;
  readonly testProfit: number;
  readonly testProfitRule: number;
  /** Per-segment plan minus the rule in force, on the test rows: observed, 90% interval, P(>0). */
  readonly gain: PairedProfitDifference;
}

/** The curves of one fold's cross-fitting: made on the other folds' rows, used on its own. */
interface FoldCurves {
  /** Development rows outside the fold, on which its plans are made. */
  readonly fitRows: number;
  readonly segmentCurves: readonly ProfitCurve[];
  /** The fold's own rows, which the plans made without them decide. */
  readonly held: Uint32Array;
}

/**
 * What one segment column's report needs that no payoff or capacity changes: the development
 * rows' profit curves per segment and, when cross-fitted, each fold's, with the
 * test rows. Built once per column and rows; segmentReport then answers each payoff edit.
 */
export interface SegmentColumnEvidence {
  readonly definition: SegmentColumn | undefined;
  /** Development rows in all, the base of a capacity share. */
  readonly developmentCount: number;
  /** Development rows per segment. */
  readonly developmentRows: Uint32Array;
  readonly segmentCurves: readonly ProfitCurve[];
  /** Null when the test rows are a split of their own. */
  readonly folds: readonly FoldCurves[] | null;
  readonly testScores: ArrayLike<number>;
  readonly testLabels: ArrayLike<number>;
  /** The test rows' segment codes (empty when the column is out of range). */
  readonly testCodes: ArrayLike<number>;
}

/**
 * The evidence for segment column `column` of `data`, with the test rows' probabilities and labels
 * (out-of-sample.json's, in the order of the file's test codes, which are the development rows'
 * when the file holds folds). O(n log n) once: one sort of the development rows serves every
 * segment and fold. A column index out of range gives evidence of no segments; no rows, empty
 * curves, and reports of zero figures.
 */
export function segmentColumnEvidence(
  data: SegmentData,
  column: number,
  testScores: ArrayLike<number>,
  testLabels: ArrayLike<number>,
): SegmentColumnEvidence {
  const definition = data.columns[column];
  const developmentCodes = data.development.codes[column];
  const testCodes = data.test.codes[column];
  const { scores, labels, folds } = data.development;
  if (definition === undefined || developmentCodes === undefined || testCodes === undefined) {
    return {
      definition,
      developmentCount: scores.length,
      developmentRows: new Uint32Array(0),
      segmentCurves: [],
      folds: null,
      testScores,
      testLabels,
      testCodes: new Uint8Array(0),
    };
  }
  const order = descendingScoreOrder(scores);
  const count = segmentCount(definition);
  const developmentRows = new Uint32Array(count);
  for (const code of developmentCodes) {
    if (code < count) developmentRows[code] = (developmentRows[code] ?? 0) + 1;
  }
  return {
    definition,
    developmentCount: scores.length,
    developmentRows,
    segmentCurves: segmentCurves(order, scores, labels, developmentCodes, count),
    folds:
      folds === undefined
        ? null
        : foldCurves(order, data, developmentCodes, count, folds, testScores.length),
    testScores,
    testLabels,
    testCodes,
  };
}

/** Each fold's curves, from the shared order without the fold's rows (rows below `n` only). */
function foldCurves(
  order: Uint32Array,
  data: SegmentData,
  codes: Uint8Array,
  count: number,
  folds: Uint8Array,
  testRows: number,
): FoldCurves[] {
  const { scores, labels } = data.development;
  const n = Math.min(testRows, folds.length, codes.length);
  const inRange = order.filter((i) => i < n);
  return [...new Set(folds.subarray(0, n))].map((fold) => {
    const fit = inRange.filter((i) => folds[i] !== fold);
    const held: number[] = [];
    for (let i = 0; i < n; i++) if (folds[i] === fold) held.push(i);
    return {
      fitRows: n - held.length,
      segmentCurves: segmentCurves(fit, scores, labels, codes, count),
      held: Uint32Array.from(held),
    };
  });
}

/**
 * The report of a segment column's evidence under these payoffs and a capacity given as a share
 * of customers (null: none; the development rows get that share of their count), against the
 * rule in force: every customer whose probability is ≥ `ruleThreshold`. Evidence of no segments
 * gives a report of no lines and zero figures.
 */
export function segmentReport(
  evidence: SegmentColumnEvidence,
  payoffs: Payoffs,
  capacityShare: number | null,
  ruleThreshold: number,
  resamples = 1000,
): SegmentReport {
  const { definition, testScores, testLabels, testCodes } = evidence;
  const capacity = capacityOf(capacityShare, evidence.developmentCount);
  if (definition === undefined) {
    const none = pairedProfitDifference([], [], [], payoffs);
    return {
      lines: [],
      ruleThreshold,
      developmentCapacity: capacity,
      testProfit: 0,
      testProfitRule: 0,
      gain: none,
    };
  }
  const plan = planOverCurves(evidence.segmentCurves, payoffs, capacity);
  const thresholds = withRuleWhereEmpty(plan.thresholds, evidence.segmentCurves, ruleThreshold);
  const bySegment =
    evidence.folds === null
      ? contactsBySegment(testScores, testCodes, thresholds)
      : crossFittedContacts(evidence, evidence.folds, payoffs, capacityShare, ruleThreshold);
  // Over the same rows as the plan's contacts (cross-fitted: the rows the folds hold).
  const byRule = contactsAt(testScores, ruleThreshold).subarray(0, bySegment.length);
  const gain = (contact: number, churner: boolean) =>
    contact === 1 ? (churner ? payoffs.tp : payoffs.fp) : churner ? payoffs.fn : payoffs.tn;
  const lines = segmentNames(definition).map((name, s) => ({
    name,
    developmentRows: evidence.developmentRows[s] ?? 0,
    developmentContacts: plan.contacts[s] ?? 0,
    threshold: thresholds[s] ?? ruleThreshold,
    testRows: 0,
    testChurners: 0,
    testContacts: 0,
    testProfit: 0,
    testProfitRule: 0,
  }));
  const n = Math.min(testScores.length, testLabels.length, testCodes.length);
  for (let i = 0; i < n; i++) {
    const line = lines[testCodes[i] ?? -1];
    if (line === undefined) continue;
    const churner = testLabels[i] === 1;
    line.testRows++;
    if (churner) line.testChurners++;
    line.testContacts += bySegment[i] ?? 0;
    line.testProfit += gain(bySegment[i] ?? 0, churner);
    line.testProfitRule += gain(byRule[i] ?? 0, churner);
  }
  return {
    lines,
    ruleThreshold,
    developmentCapacity: capacity,
    testProfit: lines.reduce((sum, line) => sum + line.testProfit, 0),
    testProfitRule: lines.reduce((sum, line) => sum + line.testProfitRule, 0),
    gain: pairedProfitDifference(bySegment, byRule, testLabels, payoffs, { resamples }),
  };
}

/**
 * The plan's thresholds, with the rule's for a segment no row was planned on (a value the
 * development rows never held): no evidence gives it no threshold of its own, and leaving its
 * customers out for good would be a decision taken on nothing.
 */
function withRuleWhereEmpty(
  thresholds: Float64Array,
  curves: readonly ProfitCurve[],
  rule: number,
): Float64Array {
  return thresholds.map((threshold, s) => ((curves[s]?.total ?? 0) === 0 ? rule : threshold));
}

/** A capacity given as a share of customers, in contacts among `rows` (null: none). */
function capacityOf(share: number | null, rows: number): number | null {
  return share === null ? null : Math.floor(Math.max(0, share) * rows);
}

/**
 * Contacts of every development row (as test row) under the per-segment plan chosen, capacity
 * and all, on the other folds' rows.
 */
function crossFittedContacts(
  evidence: SegmentColumnEvidence,
  folds: readonly FoldCurves[],
  payoffs: Payoffs,
  capacityShare: number | null,
  ruleThreshold: number,
): Uint8Array {
  const { testScores, testCodes } = evidence;
  const n = folds.reduce((sum, fold) => sum + fold.held.length, 0);
  const bySegment = new Uint8Array(n);
  for (const fold of folds) {
    const capacity = capacityOf(capacityShare, fold.fitRows);
    const thresholds = withRuleWhereEmpty(
      planOverCurves(fold.segmentCurves, payoffs, capacity).thresholds,
      fold.segmentCurves,
      ruleThreshold,
    );
    for (const i of fold.held) {
      const score = testScores[i] ?? Number.NaN;
      const threshold = thresholds[testCodes[i] ?? -1];
      bySegment[i] = threshold !== undefined && score >= threshold ? 1 : 0;
    }
  }
  return bySegment;
}

/**
 * A segment as plain text for files: the category, "other", "missing", "[low,high)", or a date
 * column's "[first,last]" (yyyy-mm-dd, both included).
 */
export function segmentText(name: SegmentName): string {
  switch (name.kind) {
    case 'category':
      return name.text;
    case 'other':
      return 'other';
    case 'missing':
      return 'missing';
    case 'range':
      return `[${name.low === null ? '-inf' : String(name.low)},${name.high === null ? 'inf' : String(name.high)})`;
    case 'dates':
      return `[${name.first === null ? '-inf' : dateTextOf(name.first)},${name.last === null ? 'inf' : dateTextOf(name.last)}]`;
  }
}

/** The per-segment plan as CSV text (header, then one line per segment). Never fails. */
export function segmentPlanCsv(column: string, report: SegmentReport): string {
  const header =
    'column,segment,threshold,development_rows,development_contacts,test_rows,test_churners,test_contacts,test_profit_brl,test_profit_rule_brl';
  const lines = report.lines.map((line) =>
    [
      csvField(column),
      csvField(segmentText(line.name)),
      line.threshold.toFixed(6),
      line.developmentRows,
      line.developmentContacts,
      line.testRows,
      line.testChurners,
      line.testContacts,
      line.testProfit.toFixed(2),
      line.testProfitRule.toFixed(2),
    ].join(','),
  );
  return [header, ...lines].join('\n') + '\n';
}
