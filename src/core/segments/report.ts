/**
 * A per-segment plan, honestly measured: thresholds chosen jointly on the development rows'
 * out-of-fold probabilities (never on the rows they are measured on), against one global threshold
 * chosen the same way under the same capacity; both then applied to the test rows, with a paired
 * bootstrap of the difference. When the test rows are the development rows themselves (a model
 * without a test split, `development.folds` given), each fold's rows are measured under the plans
 * chosen on the other folds.
 */
import { csvField, dateTextOf } from '../records';
import {
  contactsAt,
  pairedProfitDifference,
  type PairedProfitDifference,
  ProfitCurve,
  type Payoffs,
} from '../decision';
import { contactsBySegment, planSegmentThresholds } from './plan';
import { segmentCount, segmentNames, type SegmentName } from './segments';
import type { SegmentData } from './segmentsFile';

export interface SegmentLine {
  readonly name: SegmentName;
  readonly developmentRows: number;
  readonly developmentContacts: number;
  /** The segment's threshold (above 1: nobody in it is contacted). */
  readonly threshold: number;
  readonly testRows: number;
  readonly testChurners: number;
  readonly testContacts: number;
  /** R$ on the segment's test rows at its own threshold, and at the global one. */
  readonly testProfit: number;
  readonly testProfitGlobal: number;
}

export interface SegmentReport {
  readonly lines: readonly SegmentLine[];
  /** The one threshold for everybody, chosen on the same rows under the same capacity. */
  readonly globalThreshold: number;
  /** The capacity in development rows the plans were made under; null without one. */
  readonly developmentCapacity: number | null;
  readonly testProfit: number;
  readonly testProfitGlobal: number;
  /** Per-segment plan minus global threshold, on the test rows: observed, 90% interval, P(>0). */
  readonly gain: PairedProfitDifference;
}

/**
 * The report of segment column `column` of `data`, with the test rows' probabilities and labels
 * (out-of-sample.json's, in the order of the file's test codes, which are the development rows' when the
 * file holds folds) and a capacity given as a share of
 * customers (null: none; the development rows get that share of their count). A column index out
 * of range, or no rows, gives a report of no lines and zero figures.
 */
export function segmentReport(
  data: SegmentData,
  column: number,
  testScores: ArrayLike<number>,
  testLabels: ArrayLike<number>,
  payoffs: Payoffs,
  capacityShare: number | null,
  resamples = 1000,
): SegmentReport {
  const definition = data.columns[column];
  const developmentCodes = data.development.codes[column];
  const testCodes = data.test.codes[column];
  const { scores, labels } = data.development;
  const capacity = capacityOf(capacityShare, scores.length);
  const globalThreshold = globalThresholdOf(scores, labels, payoffs, capacity);
  if (definition === undefined || developmentCodes === undefined || testCodes === undefined) {
    const none = pairedProfitDifference([], [], [], payoffs);
    return {
      lines: [],
      globalThreshold,
      developmentCapacity: capacity,
      testProfit: 0,
      testProfitGlobal: 0,
      gain: none,
    };
  }
  const count = segmentCount(definition);
  const plan = planSegmentThresholds(scores, labels, developmentCodes, count, payoffs, capacity);
  const folds = data.development.folds;
  const { bySegment, byGlobal } =
    folds === undefined
      ? {
          bySegment: contactsBySegment(testScores, testCodes, plan.thresholds),
          byGlobal: contactsAt(testScores, globalThreshold),
        }
      : crossFittedContacts(data, column, folds, testScores, payoffs, capacityShare);
  const gain = (contact: number, churner: boolean) =>
    contact === 1 ? (churner ? payoffs.tp : payoffs.fp) : churner ? payoffs.fn : payoffs.tn;
  const lines = segmentNames(definition).map((name) => ({
    name,
    developmentRows: 0,
    developmentContacts: 0,
    threshold: 0,
    testRows: 0,
    testChurners: 0,
    testContacts: 0,
    testProfit: 0,
    testProfitGlobal: 0,
  }));
  for (const code of developmentCodes) {
    const line = lines[code];
    if (line !== undefined) line.developmentRows++;
  }
  lines.forEach((line, s) => {
    line.threshold = plan.thresholds[s] ?? 1;
    line.developmentContacts = plan.contacts[s] ?? 0;
  });
  const n = Math.min(testScores.length, testLabels.length, testCodes.length);
  for (let i = 0; i < n; i++) {
    const line = lines[testCodes[i] ?? -1];
    if (line === undefined) continue;
    const churner = testLabels[i] === 1;
    line.testRows++;
    if (churner) line.testChurners++;
    line.testContacts += bySegment[i] ?? 0;
    line.testProfit += gain(bySegment[i] ?? 0, churner);
    line.testProfitGlobal += gain(byGlobal[i] ?? 0, churner);
  }
  return {
    lines,
    globalThreshold,
    developmentCapacity: capacity,
    testProfit: lines.reduce((sum, line) => sum + line.testProfit, 0),
    testProfitGlobal: lines.reduce((sum, line) => sum + line.testProfitGlobal, 0),
    gain: pairedProfitDifference(bySegment, byGlobal, testLabels, payoffs, { resamples }),
  };
}

/** A capacity given as a share of customers, in contacts among `rows` (null: none). */
function capacityOf(share: number | null, rows: number): number | null {
  return share === null ? null : Math.floor(Math.max(0, share) * rows);
}

/** The one threshold for everybody that earns most on these rows within the capacity. */
function globalThresholdOf(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  payoffs: Payoffs,
  capacity: number | null,
): number {
  return ProfitCurve.fromScores(scores, labels).best(payoffs, capacity ?? Number.POSITIVE_INFINITY)
    .threshold;
}

/**
 * Contacts of every development row (as test row) under the per-segment plan and the global
 * threshold chosen, capacity and all, on the other folds' rows.
 */
function crossFittedContacts(
  data: SegmentData,
  column: number,
  folds: Uint8Array,
  testScores: ArrayLike<number>,
  payoffs: Payoffs,
  capacityShare: number | null,
): { bySegment: Uint8Array; byGlobal: Uint8Array } {
  const { scores, labels } = data.development;
  const codes = data.development.codes[column] ?? new Uint8Array(0);
  const definition = data.columns[column];
  const count = definition === undefined ? 0 : segmentCount(definition);
  const n = Math.min(testScores.length, folds.length, codes.length);
  const bySegment = new Uint8Array(n);
  const byGlobal = new Uint8Array(n);
  for (const fold of new Set(folds.subarray(0, n))) {
    const fit: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < n; i++) (folds[i] === fold ? held : fit).push(i);
    const fitScores = Float32Array.from(fit, (i) => scores[i] ?? 0);
    const fitLabels = Uint8Array.from(fit, (i) => labels[i] ?? 0);
    const capacity = capacityOf(capacityShare, fit.length);
    const { thresholds } = planSegmentThresholds(
      fitScores,
      fitLabels,
      Uint8Array.from(fit, (i) => codes[i] ?? 0),
      count,
      payoffs,
      capacity,
    );
    const global = globalThresholdOf(fitScores, fitLabels, payoffs, capacity);
    for (const i of held) {
      const score = testScores[i] ?? Number.NaN;
      const threshold = thresholds[codes[i] ?? -1];
      bySegment[i] = threshold !== undefined && score >= threshold ? 1 : 0;
      byGlobal[i] = score >= global ? 1 : 0;
    }
  }
  return { bySegment, byGlobal };
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
    'column,segment,threshold,development_rows,development_contacts,test_rows,test_churners,test_contacts,test_profit_brl,test_profit_global_threshold_brl';
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
      line.testProfitGlobal.toFixed(2),
    ].join(','),
  );
  return [header, ...lines].join('\n') + '\n';
}
