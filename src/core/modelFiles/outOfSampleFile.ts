/**
 * The out-of-sample rows beside a model (`out-of-sample.json`): each row's calibrated probability
 * and label, and its value in R$ when training was given a value column. They are what the
 * out-of-sample figures of metrics.json were measured on, kept apart from them so that the app can
 * start from the small metrics file and fetch the rows (60,000 on a whole-file model) after.
 * Arrays travel as base64: scores as float32, labels as bytes, values as float64 (NaN where the
 * cell was missing).
 */
import { base64Decode, base64Encode, float32FromBase64, float32ToBase64 } from '../base64';
import { failure, success, type Result } from '../result';
import type { OutOfSampleSource } from './modelMetrics';

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

/** Why an out-of-sample file cannot serve a model's metrics. */
export type OutOfSampleFileProblem =
  | { readonly code: 'not-out-of-sample' }
  /** Written for another model (schema hashes differ). */
  | { readonly code: 'other-model' }
  /** Its arrays do not hold the rows metrics.json counts, or not as the format says. */
  | { readonly code: 'inconsistent'; readonly field: string };

/** The JSON of an out-of-sample file for the model of `schemaHash`. Never fails. */
export function outOfSampleFileJson(rows: OutOfSampleRows, schemaHash: string): unknown {
  const values =
    rows.values === undefined
      ? {}
      : {
          valueColumn: rows.valueColumn,
          values: base64Encode(
            new Uint8Array(Float64Array.from(rows.values, (v) => v ?? Number.NaN).buffer),
          ),
        };
  return {
    format: OUT_OF_SAMPLE_FORMAT,
    version: 1,
    schemaHash,
    source: rows.source,
    rows: rows.scores.length,
    scores: float32ToBase64(rows.scores),
    labels: base64Encode(Uint8Array.from(rows.labels)),
    ...values,
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function float64FromBase64(text: string): Float64Array | null {
  const bytes = base64Decode(text);
  if (bytes === null || bytes.length % 8 !== 0) return null;
  return new Float64Array(bytes.slice().buffer);
}

/**
 * Reads an out-of-sample file for the model whose metrics.json has `schemaHash` and counts `rows`
 * rows from `source`. Any other JSON, or arrays that do not hold those rows, is a problem, never
 * an exception.
 */
export function readOutOfSampleFile(
  json: unknown,
  expected: {
    readonly schemaHash: string;
    readonly rows: number;
    readonly source: OutOfSampleSource;
  },
): Result<OutOfSampleRows, OutOfSampleFileProblem> {
  if (!isRecord(json) || json['format'] !== OUT_OF_SAMPLE_FORMAT || json['version'] !== 1) {
    return failure({ code: 'not-out-of-sample' });
  }
  if (json['schemaHash'] !== expected.schemaHash) return failure({ code: 'other-model' });
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
  if (json['values'] === undefined) return success(read);
  const values = typeof json['values'] === 'string' ? float64FromBase64(json['values']) : null;
  if (
    values === null ||
    values.length !== expected.rows ||
    typeof json['valueColumn'] !== 'string'
  ) {
    return failure({ code: 'inconsistent', field: 'values' });
  }
  return success({
    ...read,
    valueColumn: json['valueColumn'],
    values: Array.from(values, (v) => (Number.isNaN(v) ? null : v)),
  });
}
