/**
 * The out-of-sample rows beside a model (`out-of-sample.json`): each row's calibrated probability
 * and label, and its value in R$ when training was given a value column. They are what the
 * out-of-sample figures of metrics.json were measured on, kept apart from them so that the app can
 * start from the small metrics file and fetch the rows (60,000 on a whole-file model) after.
 * Arrays travel as base64, little-endian: scores as float32, labels as bytes, values as float64
 * (NaN where the cell was missing).
 */
import { base64Decode, base64Encode, float32FromBase64, float32ToBase64 } from '../base64';
import { failure, success, type Result } from '../result';
import type { ModelFigures, OutOfSampleSource } from './modelMetrics';

export const OUT_OF_SAMPLE_FILE = 'out-of-sample.json';
export const OUT_OF_SAMPLE_FORMAT = 'retem-out-of-sample';

/** The rows the out-of-sample figures come from, in one order, so any payoff matrix can be re-applied. */
export interface OutOfSampleRows {
  readonly source: OutOfSampleSource;
  /** Calibrated churn probabilities, float32 values. */
  readonly scores: number[];
  /** 1 for a churner, 0 otherwise. */
  readonly labels: number[];
  /** The column each row's value (R$) came from, when training was given one. */
  readonly valueColumn?: string;
  /** Each row's value (R$), in the order of scores; null where the cell was missing. */
  readonly values?: (number | null)[];
}

/** What a model's metrics.json says of its out-of-sample rows, for checking the file beside it. */
export interface ExpectedOutOfSampleRows {
  readonly schemaHash: string;
  /** metrics.json's createdAt: the file of another training of the same spec differs here. */
  readonly createdAt: string;
  readonly rows: number;
  readonly source: OutOfSampleSource;
  /** The value column metrics.json names; the file then holds every row's value, else none. */
  readonly valueColumn?: string;
}

/** What metrics.json's figures say the out-of-sample file beside them holds. Never fails. */
export function expectedRowsOf(figures: ModelFigures): ExpectedOutOfSampleRows {
  const { source, rows, valueColumn } = figures.outOfSample;
  return {
    schemaHash: figures.schemaHash,
    createdAt: figures.createdAt,
    rows,
    source,
    ...(valueColumn === undefined ? {} : { valueColumn }),
  };
}

/** Why an out-of-sample file cannot serve a model's metrics. */
export type OutOfSampleFileProblem =
  | { readonly code: 'not-out-of-sample' }
  /** Written by another training (its schema hash or time differs from metrics.json's). */
  | { readonly code: 'other-training' }
  /** Its arrays do not hold the rows metrics.json counts, or not as the format says. */
  | { readonly code: 'inconsistent'; readonly field: string };

/** float64 values, little-endian, as base64; null as NaN. */
function float64ToBase64(values: readonly (number | null)[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((v, i) => {
    view.setFloat64(i * 8, v ?? Number.NaN, true);
  });
  return base64Encode(new Uint8Array(view.buffer));
}

/** Little-endian float64 values from base64; null when the text is not whole values. */
function float64FromBase64(text: string): Float64Array | null {
  const bytes = base64Decode(text);
  if (bytes === null || bytes.length % 8 !== 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(bytes.length / 8);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, true);
  return values;
}

/**
 * The JSON of an out-of-sample file for the training whose metrics.json has `of`'s schema hash
 * and createdAt. Never fails.
 */
export function outOfSampleFileJson(
  rows: OutOfSampleRows,
  of: { readonly schemaHash: string; readonly createdAt: string },
): unknown {
  const values =
    rows.values === undefined
      ? {}
      : { valueColumn: rows.valueColumn, values: float64ToBase64(rows.values) };
  return {
    format: OUT_OF_SAMPLE_FORMAT,
    version: 1,
    schemaHash: of.schemaHash,
    createdAt: of.createdAt,
    source: rows.source,
    rows: rows.scores.length,
    scores: float32ToBase64(rows.scores),
    labels: base64Encode(Uint8Array.from(rows.labels)),
    ...values,
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an out-of-sample file for the training whose metrics.json says `expected` (see
 * expectedRowsOf). Any other JSON, another training's file, or arrays that do not hold those
 * rows, is a problem, never an exception.
 */
export function readOutOfSampleFile(
  json: unknown,
  expected: ExpectedOutOfSampleRows,
): Result<OutOfSampleRows, OutOfSampleFileProblem> {
  if (!isRecord(json) || json['format'] !== OUT_OF_SAMPLE_FORMAT || json['version'] !== 1) {
    return failure({ code: 'not-out-of-sample' });
  }
  if (json['schemaHash'] !== expected.schemaHash || json['createdAt'] !== expected.createdAt) {
    return failure({ code: 'other-training' });
  }
  if (json['source'] !== expected.source || json['rows'] !== expected.rows) {
    return failure({ code: 'inconsistent', field: 'rows' });
  }
  const scores = typeof json['scores'] === 'string' ? float32FromBase64(json['scores']) : null;
  if (scores === null || scores.length !== expected.rows) {
    return failure({ code: 'inconsistent', field: 'scores' });
  }
  const labels = typeof json['labels'] === 'string' ? base64Decode(json['labels']) : null;
  if (labels === null || labels.length !== expected.rows || labels.some((l) => l > 1)) {
    return failure({ code: 'inconsistent', field: 'labels' });
  }
  const read = { source: expected.source, scores: Array.from(scores), labels: Array.from(labels) };
  if (expected.valueColumn === undefined) {
    return json['values'] === undefined
      ? success(read)
      : failure({ code: 'inconsistent', field: 'values' });
  }
  const values = typeof json['values'] === 'string' ? float64FromBase64(json['values']) : null;
  if (
    values === null ||
    values.length !== expected.rows ||
    json['valueColumn'] !== expected.valueColumn
  ) {
    return failure({ code: 'inconsistent', field: 'values' });
  }
  return success({
    ...read,
    valueColumn: expected.valueColumn,
    values: Array.from(values, (v) => (Number.isNaN(v) ? null : v)),
  });
}
